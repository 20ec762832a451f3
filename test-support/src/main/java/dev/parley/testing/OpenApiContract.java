package dev.parley.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * What every Parley service promises API users: an OpenAPI document at {@code /api/<service>/openapi} on the API port
 * (so the gateway serves it), listing exactly the endpoints its JAX-RS resources serve, each with the one error shape
 * and its codes. The resources are found in the module's compiled classes, so an endpoint added or removed without the
 * document following fails here. A service's test extends this inside a booted {@code @QuarkusTest}.
 */
public abstract class OpenApiContract {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Where the service serves its document, e.g. {@code /api/auth/openapi}. */
    protected abstract String documentPath();

    @Test
    void listsExactlyTheEndpointsItsResourcesServe() {
        assertEquals(served(), documented(document()), "endpoints in the document");
    }

    @Test
    void describesTheErrorShapeAndItsCodesForEveryOperation() {
        JsonPath document = document();
        assertEquals(List.of("error", "message"), document.getList("components.schemas.Error.required", String.class));
        assertTrue(document.getList("components.schemas.Error.properties.error.enum", String.class)
                .containsAll(List.of("malformed_request", "unauthorized", "not_found", "internal_error")));
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (HTTP_METHODS.contains(method)) {
                assertEquals("#/components/schemas/Error", document.getString("paths.'" + path + "'." + method
                        + ".responses.default.content.'application/json'.schema.'$ref'"), method + " " + path);
            }
        }));
    }

    private JsonPath document() {
        return given().accept("application/json").get(documentPath() + "?format=json")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Set<String> documented(JsonPath document) {
        Set<String> endpoints = new TreeSet<>();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.keySet().stream().filter(HTTP_METHODS::contains)
                .forEach(method -> endpoints.add(method.toUpperCase() + " " + path)));
        return endpoints;
    }

    /** "METHOD /path" of every resource method in the module's compiled classes (tests run in the module's folder). */
    private Set<String> served() {
        Path classes = Path.of("target/classes");
        Set<String> endpoints = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                String base = pathOf(type);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = httpMethodOf(method);
                    if (verb != null && Modifier.isPublic(method.getModifiers())) {
                        String sub = pathOf(method);
                        endpoints.add(verb + " " + normalized(base + (sub == null ? "" : "/" + sub)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(endpoints.isEmpty(), "resource methods in " + classes.toAbsolutePath());
        return endpoints;
    }

    /** Collapses slashes, drops a trailing one and a path parameter's regular expression ({id: [0-9]+} is {id}). */
    static String normalized(String path) {
        String normal = path.replaceAll("/+", "/").replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        return normal.length() > 1 && normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    }

    // By annotation names, so that this module needs no JAX-RS API of its own.
    private static String pathOf(java.lang.reflect.AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().equals("jakarta.ws.rs.Path")) {
                return (String) value(annotation);
            }
        }
        return null;
    }

    private static String httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            for (Annotation meta : annotation.annotationType().getAnnotations()) {
                if (meta.annotationType().getName().equals("jakarta.ws.rs.HttpMethod")) {
                    return (String) value(meta);
                }
            }
        }
        return null;
    }

    private static Object value(Annotation annotation) {
        try {
            return annotation.annotationType().getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

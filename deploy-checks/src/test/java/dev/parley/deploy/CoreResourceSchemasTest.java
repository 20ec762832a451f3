package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

/**
 * Kubernetes' own objects of every kustomization (Deployments, Services, ConfigMaps, autoscalers, NetworkPolicies,
 * ...) against the Kubernetes OpenAPI schema, through the models of the official Java client
 * (io.kubernetes:client-java-api, see deploy-checks/pom.xml), which are generated from it and check a JSON object
 * strictly: no field the schema does not define, required fields present, values of the right types.
 */
class CoreResourceSchemasTest {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Gson GSON = new Gson();

    static Stream<String> kustomizations() {
        return KustomizeRenderTest.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void coreObjectsMatchTheKubernetesSchema(String kustomization) {
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> resource : Kustomize.render(Repository.path(kustomization))) {
            if (CustomResourceDefinitions.isCustom(resource)) {
                continue;
            }
            String what = kustomization + ": " + resource.get("apiVersion") + " " + Yaml.kind(resource) + " "
                    + Yaml.name(resource);
            Optional<Method> validator = validator(resource);
            softly.assertThat(validator).as("%s has a schema", what).isPresent();
            validator.ifPresent(method -> softly.assertThat(problem(method, resource)).as(what).isEmpty());
        }
        softly.assertAll();
    }

    @Test
    void theCheckRefusesUnknownFieldsAndWrongTypes() {
        Map<String, Object> service = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "gateway"),
                "spec", Map.of("ports", List.of(Map.of("port", 443, "targetPort", "https")))));
        Method validator = validator(service).orElseThrow();

        assertThat(problem(validator, service)).isEmpty();
        service.put("spec", Map.of("port", List.of(Map.of("port", 443))));
        assertThat(problem(validator, service)).get().asString().contains("port");
        service.put("spec", Map.of("ports", "443"));
        assertThat(problem(validator, service)).as("ports must be a list").isPresent();
        service.put("spec", Map.of("ports", List.of(Map.of("targetPort", "https"))));
        assertThat(problem(validator, service)).as("port is required").get().asString().contains("port");
    }

    /** The client model's validateJsonElement for the resource's version and kind (apps/v1 Deployment: V1Deployment). */
    private static Optional<Method> validator(Map<String, Object> resource) {
        String apiVersion = resource.get("apiVersion").toString();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String model = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + Yaml.kind(resource);
        try {
            return Optional.of(Class.forName(model).getMethod("validateJsonElement", JsonElement.class));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> problem(Method validator, Map<String, Object> resource) {
        try {
            validator.invoke(null, GSON.toJsonTree(resource));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}

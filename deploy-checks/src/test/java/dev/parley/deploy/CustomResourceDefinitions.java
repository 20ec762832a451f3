package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The CustomResourceDefinitions checked into src/test/resources/crds, one folder per operator release, and the
 * validation of a resource against them the way the API server does it with strict field validation: the version
 * must be served, the object must match the version's openAPIV3Schema, and a field the schema does not name is an
 * error (the API server would otherwise drop it silently, which is how a misspelt setting goes unnoticed).
 */
final class CustomResourceDefinitions {

    static final Path FOLDER = Repository.path("deploy-checks/src/test/resources/crds");
    /** API groups of Kubernetes itself, whose kinds are no custom resources. */
    static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling",
            "networking.k8s.io", "rbac.authorization.k8s.io");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final List<Definition> ALL = load();

    /** One CRD of one release: its group and kind, and per version whether it is served and its schema. */
    record Definition(String release, String group, String kind, Map<String, Version> versions) {
    }

    record Version(boolean served, JsonSchema schema) {
    }

    private CustomResourceDefinitions() {
    }

    static List<Definition> all() {
        return ALL;
    }

    /** The definitions of a resource's kind, one per release folder that has it. */
    static List<Definition> of(Map<String, Object> resource) {
        String group = group(resource);
        return ALL.stream().filter(definition -> definition.group().equals(group)
                && definition.kind().equals(Yaml.kind(resource))).toList();
    }

    static boolean isCustom(Map<String, Object> resource) {
        return !BUILT_IN_GROUPS.contains(group(resource));
    }

    /** What the API server of a cluster with this release's CRDs would refuse in the resource; empty if nothing. */
    static List<String> problems(Definition definition, Map<String, Object> resource) {
        String version = version(resource);
        Version served = definition.versions().get(version);
        if (served == null || !served.served()) {
            return List.of(definition.release() + " does not serve " + resource.get("apiVersion") + " "
                    + definition.kind() + " (it serves " + definition.versions().entrySet().stream()
                            .filter(entry -> entry.getValue().served()).map(Map.Entry::getKey)
                            .collect(Collectors.joining(", ")) + ")");
        }
        Set<ValidationMessage> messages = served.schema().validate(JSON.valueToTree(resource));
        return messages.stream().map(message -> definition.release() + ": " + message.getMessage()).sorted().toList();
    }

    static String group(Map<String, Object> resource) {
        String apiVersion = resource.get("apiVersion").toString();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    private static String version(Map<String, Object> resource) {
        String apiVersion = resource.get("apiVersion").toString();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static List<Definition> load() {
        List<Definition> definitions = new ArrayList<>();
        try (Stream<Path> releases = Files.list(FOLDER)) {
            for (Path release : releases.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(release)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                        for (Map<String, Object> crd : Yaml.loadAll(file)) {
                            definitions.add(definition(release.getFileName().toString(), crd));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(definitions);
    }

    private static Definition definition(String release, Map<String, Object> crd) {
        Map<String, Version> versions = new java.util.LinkedHashMap<>();
        for (Map<String, Object> version : maps(at(crd, "spec.versions"))) {
            ObjectNode schema = JSON.valueToTree(map(at(version, "schema.openAPIV3Schema")));
            refuseUnknownFields(schema);
            versions.put(version.get("name").toString(),
                    new Version(Boolean.TRUE.equals(version.get("served")), SCHEMAS.getSchema(schema)));
        }
        return new Definition(release, Yaml.string(crd, "spec.group"), Yaml.string(crd, "spec.names.kind"), versions);
    }

    /**
     * Strict field validation: every object schema that lists its properties admits no others, unless it says it
     * keeps unknown fields (x-kubernetes-preserve-unknown-fields) or describes a map (additionalProperties).
     */
    private static void refuseUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                refuseUnknownFields(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(CustomResourceDefinitions::refuseUnknownFields);
        }
    }

    static Optional<Definition> find(String release, String kind) {
        return ALL.stream().filter(definition -> definition.release().equals(release) && definition.kind().equals(kind))
                .findFirst();
    }
}

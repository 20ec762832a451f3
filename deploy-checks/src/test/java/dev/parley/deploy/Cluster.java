package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.kind;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static dev.parley.deploy.Yaml.string;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The resources one overlay renders to, with the lookups the checks need: what a container's environment holds,
 * which Service an address names, which pods a selector matches. Addresses and pod labels of the operators'
 * workloads follow the operators' naming (Strimzi: {@code <kafka>-kafka-bootstrap}, CloudNativePG:
 * {@code <cluster>-rw}, and a Pooler's own name for its PgBouncer pods).
 */
record Cluster(String overlay, List<Map<String, Object>> resources) {

    static final Path OVERLAYS = Repository.path("deploy/k8s/overlays");
    static final int POSTGRES_PORT = 5432;

    static List<String> overlays() {
        try (Stream<Path> folders = Files.list(OVERLAYS)) {
            return folders.filter(Files::isDirectory).map(folder -> folder.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cluster render(String overlay) {
        return new Cluster(overlay, Kustomize.render(OVERLAYS.resolve(overlay)));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(kind(resource))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(resource -> name.equals(name(resource))).findFirst();
    }

    /** The namespace of the overlay: the one its Deployments are in. */
    String namespace() {
        return string(deployments().get(0), "metadata.namespace");
    }

    List<Map<String, Object>> deployments() {
        return ofKind("Deployment");
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(at(deployment, "spec.template.spec"));
    }

    static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(at(deployment, "spec.template.metadata.labels"));
    }

    /** The container named after its Deployment (the module it runs). */
    static Map<String, Object> mainContainer(Map<String, Object> deployment) {
        return maps(podSpec(deployment).get("containers")).stream()
                .filter(container -> name(deployment).equals(container.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + name(deployment)
                        + " has no container named like it"));
    }

    /**
     * The environment a container gets: envFrom ConfigMaps (from the render) and Secrets (with the keys the
     * operations guide creates), then env. Values from Secrets and the downward API are descriptions, not values.
     */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : maps(container.get("envFrom"))) {
            String prefix = source.getOrDefault("prefix", "").toString();
            if (source.containsKey("configMapRef")) {
                String name = string(source, "configMapRef.name");
                Map<String, Object> configMap = find("ConfigMap", name)
                        .orElseThrow(() -> new AssertionError("envFrom names ConfigMap " + name + ", which " + overlay
                                + " does not render"));
                map(configMap.get("data")).forEach((key, value) -> environment.put(prefix + key, value.toString()));
            } else if (source.containsKey("secretRef")) {
                String name = string(source, "secretRef.name");
                Set<String> keys = OperationsGuide.secretKeys().get(name);
                if (keys == null) {
                    throw new AssertionError("envFrom names Secret " + name + ", which " + OperationsGuide.PATH
                            + " never creates");
                }
                keys.forEach(key -> environment.put(prefix + key, "<secret " + name + ">"));
            }
        }
        for (Map<String, Object> variable : maps(container.get("env"))) {
            Object value = variable.get("value");
            environment.put(variable.get("name").toString(),
                    value != null ? value.toString() : "<" + variable.get("valueFrom") + ">");
        }
        return environment;
    }

    /** The container port a probe or Service names (by name or number). */
    static Optional<Integer> containerPort(Map<String, Object> container, Object port) {
        for (Map<String, Object> declared : maps(container.get("ports"))) {
            if (port.equals(declared.get("name")) || port.toString().equals(declared.get("containerPort").toString())) {
                return Optional.of(((Number) declared.get("containerPort")).intValue());
            }
        }
        return Optional.empty();
    }

    /** The container port of a Deployment that a Service's port forwards to. */
    Optional<Integer> targetPort(String serviceName, int port, Map<String, Object> deployment) {
        return find("Service", serviceName).flatMap(service -> maps(at(service, "spec.ports")).stream()
                .filter(candidate -> ((Number) candidate.get("port")).intValue() == port).findFirst())
                .flatMap(servicePort -> containerPort(mainContainer(deployment), servicePort.get("targetPort")));
    }

    /** The ports reachable at a host name inside the namespace: Services, and the operators' Services. */
    Optional<Set<Integer>> portsOf(String host) {
        Optional<Map<String, Object>> service = find("Service", host);
        if (service.isPresent()) {
            return Optional.of(Set.copyOf(maps(at(service.get(), "spec.ports")).stream()
                    .map(port -> ((Number) port.get("port")).intValue()).toList()));
        }
        for (Map<String, Object> kafka : ofKind("Kafka")) {
            if (host.equals(name(kafka) + "-kafka-bootstrap")) {
                return Optional.of(Set.copyOf(maps(at(kafka, "spec.kafka.listeners")).stream()
                        .map(listener -> ((Number) listener.get("port")).intValue()).toList()));
            }
        }
        for (Map<String, Object> postgres : ofKind("Cluster")) {
            if (Set.of(name(postgres) + "-rw", name(postgres) + "-ro", name(postgres) + "-r").contains(host)) {
                return Optional.of(Set.of(POSTGRES_PORT));
            }
        }
        if (find("Pooler", host).isPresent()) {
            return Optional.of(Set.of(POSTGRES_PORT));
        }
        return Optional.empty();
    }

    /** The Deployment whose pods a Service selects. */
    Optional<Map<String, Object>> deploymentBehind(String serviceName) {
        return find("Service", serviceName).flatMap(service -> deployments().stream()
                .filter(deployment -> matchesLabels(map(at(service, "spec.selector")), podLabels(deployment)))
                .findFirst());
    }

    /** Labels of the pods behind an operator's address, as the operator sets them. */
    Optional<Map<String, Object>> operatorPodLabels(String host) {
        for (Map<String, Object> kafka : ofKind("Kafka")) {
            if (host.equals(name(kafka) + "-kafka-bootstrap")) {
                return Optional.of(Map.of("strimzi.io/cluster", name(kafka), "strimzi.io/kind", "Kafka",
                        "strimzi.io/broker-role", "true"));
            }
        }
        if (find("Pooler", host).isPresent()) {
            return Optional.of(Map.of("cnpg.io/poolerName", host));
        }
        for (Map<String, Object> postgres : ofKind("Cluster")) {
            if (host.startsWith(name(postgres) + "-")) {
                return Optional.of(Map.of("cnpg.io/cluster", name(postgres), "cnpg.io/podRole", "instance"));
            }
        }
        return Optional.empty();
    }

    static boolean matchesLabels(Map<String, Object> required, Map<String, Object> labels) {
        return required.entrySet().stream()
                .allMatch(entry -> entry.getValue().toString().equals(String.valueOf(labels.get(entry.getKey()))));
    }

    /** A Kubernetes label selector (matchLabels and matchExpressions) against a set of labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (!matchesLabels(map(selector.get("matchLabels")), labels)) {
            return false;
        }
        for (Map<String, Object> expression : maps(selector.get("matchExpressions"))) {
            Object value = labels.get(expression.get("key").toString());
            List<String> values = Yaml.strings(expression.get("values"));
            boolean matches = switch (expression.get("operator").toString()) {
                case "In" -> value != null && values.contains(value.toString());
                case "NotIn" -> value == null || !values.contains(value.toString());
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("Unknown selector operator in " + expression);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}

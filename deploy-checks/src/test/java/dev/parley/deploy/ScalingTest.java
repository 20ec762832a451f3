package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static dev.parley.deploy.Yaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.contracts.Topics;

/**
 * What scaling chat-service and the gateway runs into, checked per overlay: the autoscalers go by metrics the
 * services export (and CPU when those are missing), chat never outgrows the partitions of chat-messages, every pool
 * at its most instances fits into PostgreSQL's max_connections, and PgBouncer's transaction mode carries only
 * services that keep no session state.
 */
class ScalingTest {

    /** Left free for CloudNativePG's own connections (status, backups, monitoring) beside the superuser reserve. */
    static final int OPERATOR_CONNECTIONS = 10;
    private static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void chatAndGatewayScaleOnTheirSocketsWithCpuAsFallback(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (String target : List.of("chat-service", "gateway")) {
            Optional<Map<String, Object>> autoscaler = autoscalerOf(cluster, target);
            softly.assertThat(autoscaler).as("%s autoscales %s", overlay, target).isPresent();
            autoscaler.ifPresent(hpa -> {
                List<Map<String, Object>> metrics = maps(at(hpa, "spec.metrics"));
                softly.assertThat(metrics).as("%s %s scales on CPU too", overlay, target)
                        .anySatisfy(metric -> assertThat(string(metric, "resource.name")).isEqualTo("cpu"));
                List<String> podMetrics = metrics.stream().filter(metric -> "Pods".equals(metric.get("type")))
                        .map(metric -> string(metric, "pods.metric.name")).toList();
                softly.assertThat(podMetrics).as("%s %s scales on its open sockets", overlay, target).isNotEmpty();
                podMetrics.forEach(metric -> softly.assertThat(exportedBy(target, metric))
                        .as("%s exports %s (a Micrometer meter named %s)", target, metric, meterName(metric)).isTrue());
            });
        }
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void chatNeverRunsMoreInstancesThanChatMessagesHasPartitionsNotEvenDuringARollout(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        int partitions = cluster.ofKind("KafkaTopic").stream()
                .filter(topic -> Topics.CHAT_MESSAGES.equals(Optional.ofNullable(string(topic, "spec.topicName"))
                        .orElse(name(topic))))
                .mapToInt(topic -> ((Number) at(topic, "spec.partitions")).intValue()).findFirst().orElseThrow();

        Map<String, Object> chat = cluster.find("Deployment", "chat-service").orElseThrow();
        Object surge = at(chat, "spec.strategy.rollingUpdate.maxSurge");

        assertThat(surge).as("%s: a rollout adds no chat pod (a percentage or an absent setting surges)", overlay)
                .isEqualTo(0);
        assertThat(instances(cluster, chat))
                .as("%s: chat-service instances at most (each claims a partition of %s)", overlay, Topics.CHAT_MESSAGES)
                .isLessThanOrEqualTo(partitions);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPoolAtItsMostInstancesFitsIntoPostgresConnections(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        Map<String, Object> postgres = cluster.ofKind("Cluster").get(0);
        int maxConnections = Integer.parseInt(Optional.ofNullable(string(postgres,
                "spec.postgresql.parameters.max_connections")).orElse(String.valueOf(POSTGRES_DEFAULT_MAX_CONNECTIONS)));
        Map<String, Integer> direct = new LinkedHashMap<>();
        Map<String, Integer> clientsPerPooler = new LinkedHashMap<>();
        Map<String, Set<String>> databasesPerPooler = new LinkedHashMap<>();
        for (Map<String, Object> deployment : cluster.deployments()) {
            ServiceModule service = KubernetesManifestsTest.serviceOf(cluster, deployment);
            if (service.database().isEmpty()) {
                continue;
            }
            int instances = instances(cluster, deployment);
            String reactiveHost = host(service.setting("quarkus.datasource.reactive.url").orElseThrow());
            String jdbcHost = host(service.setting("quarkus.datasource.jdbc.url").orElseThrow().substring("jdbc:".length()));
            int reactive = instances * (ConnectionBudget.reactivePool(service) + ConnectionBudget.listening(service));
            int jdbc = instances * ConnectionBudget.jdbcPool(service);
            for (Map.Entry<String, Integer> use : List.of(Map.entry(reactiveHost, reactive), Map.entry(jdbcHost, jdbc))) {
                String host = use.getKey();
                if (cluster.find("Pooler", host).isPresent()) {
                    clientsPerPooler.merge(host, use.getValue(), Integer::sum);
                    databasesPerPooler.computeIfAbsent(host, ignored -> new TreeSet<>())
                            .add(service.database().orElseThrow());
                } else {
                    direct.merge(name(deployment), use.getValue(), Integer::sum);
                }
            }
        }
        int pooled = 0;
        for (Map.Entry<String, Integer> clients : clientsPerPooler.entrySet()) {
            Map<String, Object> pooler = cluster.find("Pooler", clients.getKey()).orElseThrow();
            Map<String, Object> parameters = map(at(pooler, "spec.pgbouncer.parameters"));
            int poolerInstances = ((Number) at(pooler, "spec.instances")).intValue();
            assertThat(Integer.parseInt(parameters.get("max_client_conn").toString()))
                    .as("%s: %s takes every client connection on one instance", overlay, clients.getKey())
                    .isGreaterThanOrEqualTo(clients.getValue());
            pooled += poolerInstances * Integer.parseInt(parameters.get("default_pool_size").toString())
                    * databasesPerPooler.get(clients.getKey()).size();
        }
        int needed = direct.values().stream().mapToInt(Integer::intValue).sum() + pooled
                + ConnectionBudget.SUPERUSER_RESERVED + OPERATOR_CONNECTIONS;

        assertThat(needed).as("%s: direct %s, through PgBouncer %s, reserved %s, against max_connections %s", overlay,
                direct, pooled, ConnectionBudget.SUPERUSER_RESERVED + OPERATOR_CONNECTIONS, maxConnections)
                .isLessThanOrEqualTo(maxConnections);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void transactionPoolingCarriesOnlyServicesWithoutSessionState(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            ServiceModule service = KubernetesManifestsTest.serviceOf(cluster, deployment);
            if (service.database().isEmpty()) {
                continue;
            }
            String what = overlay + " " + name(deployment);
            String jdbcHost = host(service.setting("quarkus.datasource.jdbc.url").orElseThrow().substring("jdbc:".length()));
            softly.assertThat(transactionPooler(cluster, jdbcHost)).as("%s: Flyway's session lock needs a direct JDBC URL",
                    what).isEmpty();
            transactionPooler(cluster, host(service.setting("quarkus.datasource.reactive.url").orElseThrow()))
                    .ifPresent(pooler -> {
                        softly.assertThat(service.setting("quarkus.datasource.reactive.cache-prepared-statements"))
                                .as("%s caches prepared statements per connection", what).isNotEqualTo(Optional.of("true"));
                        softly.assertThat(string(pooler, "spec.pgbouncer.parameters.max_prepared_statements"))
                                .as("%s: PgBouncer keeps the clients' prepared statements", what).isNotNull();
                        if (ConnectionBudget.listening(service) > 0) {
                            softly.assertThat(duration(service.setting("parley.outbox.poll-interval").orElse("5s"))
                                    .compareTo(Duration.ofSeconds(1)))
                                    .as("%s: its outbox relay cannot LISTEN through PgBouncer, so it polls every "
                                            + "second at least", what).isLessThanOrEqualTo(0);
                        }
                    });
        }
        softly.assertAll();
    }

    /** A Quarkus duration: 500ms, 5s, or ISO-8601. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s") && !text.startsWith("P")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.parse(text);
    }

    private static Optional<Map<String, Object>> transactionPooler(Cluster cluster, String host) {
        return cluster.find("Pooler", host).filter(pooler -> "transaction".equals(string(pooler, "spec.pgbouncer.poolMode")));
    }

    private static Optional<Map<String, Object>> autoscalerOf(Cluster cluster, String deployment) {
        return cluster.ofKind("HorizontalPodAutoscaler").stream()
                .filter(hpa -> deployment.equals(string(hpa, "spec.scaleTargetRef.name"))).findFirst();
    }

    /** The most instances a Deployment runs: its autoscaler's maximum, else its replica count. */
    static int instances(Cluster cluster, Map<String, Object> deployment) {
        return autoscalerOf(cluster, name(deployment)).map(hpa -> ((Number) at(hpa, "spec.maxReplicas")).intValue())
                .orElseGet(() -> ((Number) Optional.ofNullable(at(deployment, "spec.replicas")).orElse(1)).intValue());
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    /** The Micrometer name of a Prometheus gauge: parley_chat_sockets_open is parley.chat.sockets.open. */
    private static String meterName(String prometheusName) {
        return prometheusName.replace('_', '.');
    }

    private static boolean exportedBy(String module, String prometheusName) {
        String meter = "\"" + meterName(prometheusName) + "\"";
        try (Stream<Path> files = Files.walk(Repository.path(module + "/src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .anyMatch(file -> Repository.read(file).contains(meter));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.map;
import static dev.parley.deploy.Yaml.maps;
import static dev.parley.deploy.Yaml.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/k8s/monitoring: Prometheus scrapes every Parley pod on its management port, and the dashboard and alerts
 * query meters the services really register (a renamed meter breaks this check, not a dashboard nobody looks at).
 */
class MonitoringTest {

    private static final Pattern PARLEY_METRIC = Pattern.compile("\\b(parley_[a-z0-9_]+)");
    private static final Pattern METER_SUFFIX = Pattern.compile("(_total|_seconds_(sum|count|max|bucket)|_seconds)$");
    private static final List<Map<String, Object>> MONITORING = Kustomize.render(Repository.path("deploy/k8s/monitoring"));

    @Test
    void everyParleyPodIsScrapedOnItsManagementPort() {
        Cluster cluster = Cluster.render("prod");
        List<Map<String, Object>> monitors = cluster.ofKind("PodMonitor");
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, Object> deployment : cluster.deployments()) {
            softly.assertThat(monitors).as("a PodMonitor scrapes %s on its management port", name(deployment))
                    .anySatisfy(monitor -> {
                        assertThat(Cluster.selects(map(at(monitor, "spec.selector")), Cluster.podLabels(deployment)))
                                .isTrue();
                        Map<String, Object> endpoint = maps(at(monitor, "spec.podMetricsEndpoints")).get(0);
                        assertThat(endpoint.get("port")).isEqualTo(ServiceModule.MANAGEMENT_PORT_NAME);
                        assertThat(endpoint.get("path")).isEqualTo("/q/metrics");
                        assertThat(Cluster.containerPort(Cluster.mainContainer(deployment), endpoint.get("port")))
                                .contains(ServiceModule.MANAGEMENT.port());
                    });
        }
        softly.assertAll();
    }

    @Test
    void dashboardShowsWhatOperatorsWatch() {
        String queries = String.join("\n", dashboardQueries());

        assertThat(queries).contains("parley_chat_messages_stored_total", "parley_chat_store_batch_seconds",
                "parley_outbox_relay_delay_seconds", "parley_outbox_pending_rows", "parley_outbox_oldest_pending_age_seconds",
                "parley_outbox_relay_round_seconds", "parley_chat_delivery_latency_seconds_bucket",
                "parley_chat_sockets_open", "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_send_total",
                "uri=\"/api/auth/login\"", "status=~\"4..|5..\"");
    }

    @Test
    void dashboardAndAlertsQueryMetersTheServicesRegister() {
        List<String> queries = new ArrayList<>(dashboardQueries());
        for (Map<String, Object> rules : MONITORING.stream().filter(resource -> "PrometheusRule".equals(Yaml.kind(resource)))
                .toList()) {
            maps(at(rules, "spec.groups")).forEach(group -> maps(group.get("rules"))
                    .forEach(rule -> queries.add(rule.get("expr").toString())));
        }
        Set<String> meters = new TreeSet<>();
        queries.forEach(query -> {
            Matcher metrics = PARLEY_METRIC.matcher(query);
            while (metrics.find()) {
                meters.add(METER_SUFFIX.matcher(metrics.group(1)).replaceFirst("").replace('_', '.'));
            }
        });
        String sources = applicationSources();

        assertThat(meters).isNotEmpty().allSatisfy(meter -> assertThat(sources).as("a meter named %s", meter)
                .contains("\"" + meter + "\""));
    }

    private static List<String> dashboardQueries() {
        Map<String, Object> dashboard = MONITORING.stream()
                .filter(resource -> "parley-grafana-dashboard".equals(name(resource))).findFirst().orElseThrow();
        try {
            JsonNode json = new ObjectMapper().readTree(map(dashboard.get("data")).get("parley-dashboard.json").toString());
            List<String> queries = new ArrayList<>();
            json.path("panels").forEach(panel -> panel.path("targets")
                    .forEach(target -> queries.add(target.path("expr").asText())));
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sources of every module: the services and the libraries they run (the outbox registers its meters). */
    private static String applicationSources() {
        StringBuilder text = new StringBuilder();
        for (String module : Repository.modules()) {
            if (!java.nio.file.Files.isDirectory(Repository.path(module + "/src/main/java"))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(Repository.path(module + "/src/main/java"))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> text.append(Repository.read(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }
}

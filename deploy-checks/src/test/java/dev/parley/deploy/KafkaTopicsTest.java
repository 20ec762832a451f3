package dev.parley.deploy;

import static dev.parley.deploy.Yaml.at;
import static dev.parley.deploy.Yaml.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.contracts.Topics;
import dev.parley.contracts.Topics.TopicSpec;

/** The topics created by the deployments are the ones the contracts define, with their partitions and compaction. */
class KafkaTopicsTest {

    private static final Pattern CREATE_TOPIC =
            Pattern.compile("^create_topic (\\S+) (\\d+) (compact|delete)(?: (\\d+))?$", Pattern.MULTILINE);

    static Stream<String> overlays() {
        return Cluster.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void strimziTopicsAreTheContractsTopics(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        List<TopicSpec> rendered = cluster.ofKind("KafkaTopic").stream()
                .map(topic -> new TopicSpec(Yaml.string(topic, "spec.topicName") != null
                        ? Yaml.string(topic, "spec.topicName") : name(topic),
                        ((Number) at(topic, "spec.partitions")).intValue(),
                        "compact".equals(Yaml.map(at(topic, "spec.config")).get("cleanup.policy")),
                        retention(Yaml.map(at(topic, "spec.config")).get("retention.ms"))))
                .toList();

        assertThat(rendered).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void topicsBelongToTheKafkaClusterAndFitItsBrokers(String overlay) {
        Cluster cluster = Cluster.render(overlay);
        Map<String, Object> kafka = cluster.ofKind("Kafka").get(0);
        int brokers = cluster.ofKind("KafkaNodePool").stream()
                .filter(pool -> Yaml.strings(at(pool, "spec.roles")).contains("broker"))
                .mapToInt(pool -> ((Number) at(pool, "spec.replicas")).intValue()).sum();
        Map<String, Object> config = Yaml.map(at(kafka, "spec.kafka.config"));
        int minInSync = ((Number) config.get("min.insync.replicas")).intValue();

        assertThat(((Number) config.get("default.replication.factor")).intValue()).isLessThanOrEqualTo(brokers);
        assertThat(((Number) config.get("offsets.topic.replication.factor")).intValue()).isLessThanOrEqualTo(brokers);
        for (Map<String, Object> topic : cluster.ofKind("KafkaTopic")) {
            int replicas = ((Number) at(topic, "spec.replicas")).intValue();
            assertThat(Yaml.map(at(topic, "metadata.labels"))).as("topic %s", name(topic))
                    .containsEntry("strimzi.io/cluster", name(kafka));
            assertThat(replicas).as("replicas of %s on %d brokers", name(topic), brokers)
                    .isBetween(minInSync, brokers);
        }
    }

    @Test
    void composeCreatesTheContractsTopics() {
        List<TopicSpec> created = new ArrayList<>();
        Matcher lines = CREATE_TOPIC.matcher(Repository.read("deploy/compose/kafka/create-topics.sh"));
        while (lines.find()) {
            created.add(new TopicSpec(lines.group(1), Integer.parseInt(lines.group(2)), lines.group(3).equals("compact"),
                    retention(lines.group(4))));
        }

        assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    /** A retention.ms setting as the contracts write it; none is the broker's default. */
    private static Duration retention(Object milliseconds) {
        return milliseconds == null ? null : Duration.ofMillis(Long.parseLong(milliseconds.toString()));
    }
}

package dev.parley.chat.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.smallrye.common.annotation.Identifier;

/**
 * The partition count of a topic as Kafka reports it, read when a consumer is set up. Operators raise partitions on
 * a running cluster (deploy/README.md), so no count is compiled in: an instance started after the change reads them
 * all. The Admin client gets the same connection settings (address, TLS, SASL) as the channels.
 */
@ApplicationScoped
public class TopicPartitions {

    private final Map<String, Object> kafkaConfig;
    private final Instance instance;

    TopicPartitions(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Instance instance) {
        this.kafkaConfig = kafkaConfig;
        this.instance = instance;
    }

    /** Blocks for up to a minute: call it at start, never on an event loop. */
    public int of(String topic) {
        Map<String, Object> adminConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, topic + "-partitions-" + instance.id());
        try (Admin admin = Admin.create(adminConfig)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the partitions of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the partitions of " + topic, e);
        }
    }
}

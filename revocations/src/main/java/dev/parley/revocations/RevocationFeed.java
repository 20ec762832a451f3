package dev.parley.revocations;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads every partition of the session-revocations topic into {@link RevokedSessions}, on a thread of its own with
 * a plain Kafka consumer: each process must see every revocation, so there is no consumer group to join (nor
 * rebalance when instances come and go), and at start it seeks to one token lifetime back (the offsets for that
 * time), which is all that can still matter. Partitions added to the topic later are picked up within a minute.
 * <p>
 * While Kafka is unreachable, tokens of sessions ended meanwhile are accepted until they expire (at most the access
 * token's lifetime): the same as before revocations existed, and better than refusing everyone.
 * <p>
 * Records are read as typed events ({@link EventTopic}) like everywhere else, but not through the outbox module's
 * consumer: the gateway, which has no database, reads this topic too, and applying a revocation is a step in memory
 * that has nothing to retry or deduplicate.
 */
@ApplicationScoped
public class RevocationFeed {

    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration PARTITION_CHECK = Duration.ofMinutes(1);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final RevokedSessions sessions;
    private final Map<String, Object> kafkaConfig;
    private final boolean enabled;
    private final Duration lookback;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean caughtUp;
    private Thread thread;

    RevocationFeed(RevokedSessions sessions, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "parley.revocations.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "parley.revocations.lookback", defaultValue = "17m") Duration lookback) {
        this.sessions = sessions;
        this.kafkaConfig = kafkaConfig;
        this.enabled = enabled;
        this.lookback = lookback;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.warn("Session revocations are not read (parley.revocations.enabled=false): tokens of ended sessions"
                    + " stay valid until they expire");
            return;
        }
        running = true;
        thread = new Thread(this::run, "session-revocations");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the revocations that existed when this process started have all been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig())) {
                consumer = kafka;
                read(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Reading session revocations failed, retrying in %d s: %s", RETRY.toSeconds(), e.getMessage());
                sleep(RETRY);
            }
        }
    }

    private void read(KafkaConsumer<String, String> kafka) {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> startEnds = Map.of();
        Instant nextCheck = Instant.MIN;
        while (running) {
            Instant now = Instant.now();
            if (now.isAfter(nextCheck)) {
                Set<TopicPartition> added = newPartitions(kafka, assigned);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    kafka.assign(assigned);
                    seekToLookback(kafka, added, now);
                    if (startEnds.isEmpty()) {
                        startEnds = kafka.endOffsets(assigned);
                    }
                }
                sessions.forgetExpired();
                nextCheck = now.plus(PARTITION_CHECK);
            }
            if (assigned.isEmpty()) {
                sleep(RETRY);
                continue;
            }
            for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
                apply(record);
            }
            if (!caughtUp && reached(kafka, startEnds)) {
                caughtUp = true;
                LOG.debugf("Session revocations read up to the present");
            }
        }
    }

    private static Set<TopicPartition> newPartitions(KafkaConsumer<String, String> kafka, Set<TopicPartition> assigned) {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.SESSION_REVOCATIONS, Duration.ofSeconds(10));
        Set<TopicPartition> added = new HashSet<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
                if (!assigned.contains(topicPartition)) {
                    added.add(topicPartition);
                }
            }
        }
        return added;
    }

    private void seekToLookback(KafkaConsumer<String, String> kafka, Set<TopicPartition> partitions, Instant now) {
        Map<TopicPartition, Long> times = new HashMap<>();
        long from = now.minus(lookback).toEpochMilli();
        partitions.forEach(partition -> times.put(partition, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                // Nothing that recent: only what comes from now on matters.
                kafka.seekToEnd(List.of(partition));
            } else {
                kafka.seek(partition, offset.offset());
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            EventTopic.SESSION_REVOCATIONS.decode(record.value()).ifPresent(event -> sessions.apply(event.payload()));
        } catch (RuntimeException e) {
            // A record nobody can read revokes nothing; the rest of the topic still counts.
            LOG.warnf("Skipped an unreadable session revocation at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "session-revocations-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

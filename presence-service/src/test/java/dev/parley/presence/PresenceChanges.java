package dev.parley.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.PresenceChanged;

/**
 * Everything published on presence-changes from the moment it is created, as chat-service would receive it, with
 * the time each change arrived here.
 */
final class PresenceChanges implements AutoCloseable {

    /** A change as received. */
    record Received(PresenceChanged change, long receivedNanos, Instant receivedAt) {
    }

    private final Map<UUID, List<Received>> byUser = new ConcurrentHashMap<>();
    private final Set<UUID> eventIds = ConcurrentHashMap.newKeySet();
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    PresenceChanges(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PRESENCE_CHANGES).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "presence-changes-reader");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    long nanos = System.nanoTime();
                    EventEnvelope event = EventCodec.decode(record.value());
                    // The relay may send a change twice (a crash between sending and marking it sent): one change.
                    if (eventIds.add(event.id())) {
                        PresenceChanged change = event.data(PresenceChanged.class);
                        byUser.computeIfAbsent(change.userId(), id -> new CopyOnWriteArrayList<>())
                                .add(new Received(change, nanos, Instant.now()));
                    }
                });
            }
        } catch (WakeupException e) {
            // closing: nothing more to read
        } finally {
            consumer.close();
        }
    }

    /** The user's changes so far, in order. */
    List<Received> of(UUID userId) {
        return List.copyOf(byUser.getOrDefault(userId, List.of()));
    }

    /** How many changes have been received so far, for every user. */
    int count() {
        return eventIds.size();
    }

    /** When the latest change so far was received (System.nanoTime). */
    long lastReceivedNanos() {
        return byUser.values().stream().flatMap(List::stream).mapToLong(Received::receivedNanos).max().orElseThrow();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

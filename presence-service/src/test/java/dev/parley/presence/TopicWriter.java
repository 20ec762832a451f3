package dev.parley.presence;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.contracts.events.UserSnapshot;

/** Writes events to Parley's topics the way the other services do, for presence-service to read. */
final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    TopicWriter(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends the event and returns it once the broker has it. */
    EventEnvelope send(String topic, String key, EventPayload payload) {
        EventEnvelope event = EventEnvelope.of(payload, Instant.now());
        send(topic, key, event);
        return event;
    }

    /** Sends this exact envelope (again, if it was sent before) and waits for the broker. */
    void send(String topic, String key, EventEnvelope event) {
        await(sendAsync(topic, key, event));
    }

    Future<RecordMetadata> sendAsync(String topic, String key, EventEnvelope event) {
        return producer.send(new ProducerRecord<>(topic, key, event == null ? null : EventCodec.encode(event)));
    }

    void befriend(UUID a, UUID b) {
        pairState(a, b, true);
    }

    void unfriend(UUID a, UUID b) {
        pairState(a, b, false);
    }

    void userExists(UUID userId, String username) {
        send(Topics.USERS, userId.toString(), new UserSnapshot(userId, username, "key", Instant.now(), Instant.now()));
    }

    void accountDeleted(UUID userId) {
        tombstone(Topics.USERS, userId.toString());
    }

    /** Removes the key from a compacted topic. */
    void tombstone(String topic, String key) {
        await(sendAsync(topic, key, null));
    }

    private void pairState(UUID a, UUID b, boolean friends) {
        boolean inOrder = a.compareTo(b) <= 0;
        send(Topics.FRIENDSHIPS, Keys.pair(a, b),
                new FriendshipState(inOrder ? a : b, inOrder ? b : a, friends, Instant.now()));
    }

    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}

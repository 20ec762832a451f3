package dev.parley.friend;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.testing.TestTokens;
import io.agroal.api.AgroalDataSource;

/**
 * Users for tests, made the way auth-service makes them: a snapshot on the users topic, which the service under test
 * projects. Each method waits until the projection has caught up.
 */
@ApplicationScoped
public class TestUsers {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(60);

    /** A user and a valid access token for them. */
    public record User(UUID id, String username) {
        public String token() {
            return TestTokens.accessToken(id, username);
        }
    }

    private final AgroalDataSource database;
    private final KafkaProducer<String, String> producer;

    TestUsers(AgroalDataSource database, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.database = database;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    public static String uniqueUsername(String prefix) {
        return prefix + (System.nanoTime() % 1_000_000_000L) + COUNTER.incrementAndGet();
    }

    /** One user per prefix, each with a unique username starting with it. */
    public List<User> create(String... prefixes) {
        List<User> users = new ArrayList<>();
        for (String prefix : prefixes) {
            User user = new User(UUID.randomUUID(), uniqueUsername(prefix));
            publish(snapshot(user.id(), user.username(), Instant.now()));
            users.add(user);
        }
        users.forEach(user -> awaitKnown(user.id(), true));
        return users;
    }

    public User create(String prefix) {
        return create(new String[] { prefix }).get(0);
    }

    /** Deletes the account, as auth-service does: a tombstone on the users topic. */
    public void delete(User user) {
        send(new ProducerRecord<>(Topics.USERS, user.id().toString(), null));
        awaitKnown(user.id(), false);
    }

    public static UserSnapshot snapshot(UUID userId, String username, Instant updatedAt) {
        return new UserSnapshot(userId, username, "test-public-key", updatedAt, updatedAt);
    }

    /** Publishes a snapshot in a new envelope and returns the envelope, without waiting for the projection. */
    public EventEnvelope publish(UserSnapshot snapshot) {
        EventEnvelope envelope = EventEnvelope.of(snapshot, Instant.now());
        publish(envelope);
        return envelope;
    }

    /** Publishes an envelope as it is (a repeated event keeps its id), without waiting for the projection. */
    public void publish(EventEnvelope envelope) {
        UserSnapshot snapshot = envelope.data(UserSnapshot.class);
        send(new ProducerRecord<>(Topics.USERS, snapshot.userId().toString(), EventCodec.encode(envelope)));
    }

    /** Publishes any value, readable or not, under a key of the users topic. */
    public void publishRaw(String key, String value) {
        send(new ProducerRecord<>(Topics.USERS, key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish to the users topic", e);
        }
    }

    private void awaitKnown(UUID userId, boolean known) {
        await().atMost(PROJECTION_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> isKnown(userId) == known);
    }

    public boolean isKnown(UUID userId) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select 1 from known_user where id = ?")) {
            query.setObject(1, userId);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

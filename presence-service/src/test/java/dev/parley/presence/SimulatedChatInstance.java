package dev.parley.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.InstanceHeartbeat;

/**
 * Plays a chat-service instance on the connections topic: it heartbeats while running, and announces the
 * WebSockets its users open and close. {@link #crash()} stops it without a goodbye.
 */
final class SimulatedChatInstance implements AutoCloseable {

    /** A WebSocket held by one of the user's devices. */
    record Connection(UUID userId, String deviceId, String connectionId) {
    }

    final String instanceId = "chat-" + UUID.randomUUID();
    private final TopicWriter topics;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicReference<Instant> lastHeartbeat = new AtomicReference<>();

    SimulatedChatInstance(TopicWriter topics, Duration heartbeatInterval) {
        this.topics = topics;
        heartbeat();
        heartbeats.scheduleAtFixedRate(this::heartbeat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    Connection open(UUID userId, String deviceId) {
        Connection connection = new Connection(userId, deviceId, UUID.randomUUID().toString());
        topics.send(Topics.CONNECTIONS, userId.toString(), opened(connection));
        open.incrementAndGet();
        return connection;
    }

    /** The event announcing the connection, not sent yet. */
    EventEnvelope opened(Connection connection) {
        return EventEnvelope.of(new ConnectionOpened(connection.userId(), connection.deviceId(), instanceId,
                connection.connectionId(), Instant.now()), Instant.now());
    }

    /** Closes the connection and returns the time it announced. */
    Instant close(Connection connection) {
        EventEnvelope closed = closed(connection);
        topics.send(Topics.CONNECTIONS, connection.userId().toString(), closed);
        open.decrementAndGet();
        return closed.data(ConnectionClosed.class).at();
    }

    EventEnvelope closed(Connection connection) {
        return EventEnvelope.of(new ConnectionClosed(connection.userId(), connection.deviceId(), instanceId,
                connection.connectionId(), Instant.now()), Instant.now());
    }

    /** Stops heartbeating without closing anything, as a killed process would; returns its last heartbeat's time. */
    Instant crash() {
        // Not shutdownNow: an interrupt could land in a heartbeat after Kafka took it but before it was noted, and
        // the test would then expect the one before (half a second older).
        heartbeats.shutdown();
        awaitTermination();
        return lastHeartbeat.get();
    }

    /** Sends one heartbeat now, as an instance that was only cut off would when it is back. */
    void heartbeat() {
        heartbeat(Instant.now());
    }

    /** Sends one heartbeat claiming the given time. */
    void heartbeat(Instant at) {
        topics.send(Topics.CONNECTIONS, instanceId, new InstanceHeartbeat(instanceId, open.get(), at));
        lastHeartbeat.set(at);
    }

    private void awaitTermination() {
        try {
            heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        crash();
    }
}

package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/** A WebSocket that {@link ConnectionOpened} announced has closed (connections topic, keyed by user id). */
@EventType(name = "connection.closed", version = 1)
public record ConnectionClosed(UUID userId, String deviceId, String instanceId, String connectionId, Instant at)
        implements ConnectionEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.closed(this);
    }
}

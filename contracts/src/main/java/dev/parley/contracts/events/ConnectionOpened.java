package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/** A user's device opened a WebSocket on a chat instance (connections topic, keyed by user id). */
@EventType(name = "connection.opened", version = 1)
public record ConnectionOpened(UUID userId, String deviceId, String instanceId, String connectionId, Instant at)
        implements ConnectionEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.opened(this);
    }
}

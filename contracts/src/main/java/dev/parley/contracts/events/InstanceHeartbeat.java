package dev.parley.contracts.events;

import java.time.Instant;

import dev.parley.contracts.EventType;

/**
 * A chat instance is alive (connections topic, keyed by instance id). When heartbeats stop for longer than the
 * presence TTL, every connection of that instance counts as closed.
 */
@EventType(name = "instance.heartbeat", version = 1)
public record InstanceHeartbeat(String instanceId, int openConnections, Instant at) implements ConnectionEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.heartbeat(this);
    }
}

package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/** A user went online or offline (presence-changes topic, keyed by user id); published on real transitions only. */
@EventType(name = "presence.changed", version = 1)
public record PresenceChanged(UUID userId, boolean online, Instant lastSeen, Instant at) implements EventPayload {
}

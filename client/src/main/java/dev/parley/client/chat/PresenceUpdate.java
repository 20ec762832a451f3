package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

/** A friend went online or offline; {@code lastSeen} is when they were last online. */
public record PresenceUpdate(UUID userId, boolean online, Instant lastSeen) {
}

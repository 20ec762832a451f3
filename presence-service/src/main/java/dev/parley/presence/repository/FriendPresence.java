package dev.parley.presence.repository;

import java.time.Instant;
import java.util.UUID;

/** A friend's presence as the friend list shows it; {@code username} is null until the users topic names them. */
public record FriendPresence(UUID userId, String username, Boolean online, Instant lastSeen) {
}

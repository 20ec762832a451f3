package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/**
 * The latest state of a user on the users topic (keyed by user id). A deleted user is a tombstone: the key with a
 * null value.
 *
 * @param username  as the user first typed it; unique case-insensitively
 * @param publicKey the user's X25519 identity public key, base64url without padding
 */
@EventType(name = "user.snapshot", version = 1)
public record UserSnapshot(UUID userId, String username, String publicKey, Instant createdAt, Instant updatedAt)
        implements EventPayload {
}

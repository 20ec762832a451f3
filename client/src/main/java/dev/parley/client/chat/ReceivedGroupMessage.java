package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

import dev.parley.client.crypto.VerificationResult;

/**
 * A group message as the client received it and what the checks of PROTOCOL.md §7 found: show
 * {@code verification().message()} when {@code verification().isIntact()}, an integrity alert naming
 * {@code verification().problem()} otherwise. The user's own messages from another device are KEY_MISSING: a sender
 * wraps the key for the other members only (PROTOCOL.md §8).
 *
 * @param senderId the sender the server names; the checks authenticate the envelope's own sender
 * @param epoch    the epoch the server stored it under
 * @param live     true when it came over the socket as it was sent, false when it came from history
 */
public record ReceivedGroupMessage(UUID groupId, UUID messageId, UUID senderId, long epoch, Instant storedAt,
        VerificationResult verification, boolean live) {
}

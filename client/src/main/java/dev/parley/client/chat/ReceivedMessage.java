package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

import dev.parley.client.crypto.VerificationResult;

/**
 * A message as the client received it and what its checks found (PROTOCOL.md §4): show
 * {@code verification().message()} when {@code verification().isIntact()}, an integrity alert naming
 * {@code verification().problem()} otherwise.
 *
 * @param senderId the sender the server names; the checks compare the envelope's own sender with the member
 *                 expected
 * @param live     true when it came over the socket as it was sent, false when it came from history
 */
public record ReceivedMessage(UUID conversationId, UUID messageId, UUID senderId, Instant storedAt,
        VerificationResult verification, boolean live) {
}

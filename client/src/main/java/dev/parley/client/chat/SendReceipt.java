package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * The server stored a sent message. {@code duplicate} when a resend found it already stored (the server keeps one
 * copy per chain position).
 */
public record SendReceipt(String clientMessageId, UUID conversationId, UUID messageId, Instant storedAt,
        boolean duplicate) {
}

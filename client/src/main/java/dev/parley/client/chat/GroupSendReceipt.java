package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * The server stored a group message. {@code duplicate} when a resend found it already stored (the server keeps one
 * copy per chain position).
 */
public record GroupSendReceipt(String clientMessageId, UUID groupId, UUID messageId, Instant storedAt,
        boolean duplicate) {
}

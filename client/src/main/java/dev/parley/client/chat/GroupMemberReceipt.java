package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * A member's client has the group's messages up to {@code upTo} (delivered), or the member read them up to it (read):
 * with the other members' receipts of a history page, what "delivered to n" and "read by n" are counted from.
 */
public record GroupMemberReceipt(UUID groupId, UUID userId, UUID upTo, Instant at) {
}

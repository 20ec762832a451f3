package dev.parley.client.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the chat API returns. */
public final class ChatModels {

    private ChatModels() {
    }

    /** The other member of a conversation, with the public key both derive the conversation key from. */
    public record Friend(UUID userId, String username, String publicKey) {
    }

    /** A conversation as the signed-in user sees it; {@code friend} is null when the other account is gone. */
    public record ConversationInfo(UUID id, Friend friend, Instant createdAt, Instant lastActivity, long unread) {
    }

    /** A stored message: the envelope JSON as the sender sealed it, and what the server added. */
    public record StoredMessage(UUID id, UUID conversationId, UUID senderId, Instant storedAt, Instant deliveredAt,
            String envelope) {
    }

    /** Messages oldest first; {@code hasMore}: more lie further in the direction of paging. */
    public record HistoryPage(List<StoredMessage> messages, boolean hasMore) {
    }
}

package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/**
 * A message envelope was stored (chat-messages topic, keyed by conversation id). The envelope is the client's
 * opaque ciphertext with its header; the server cannot read the text.
 */
@EventType(name = "chat.message-stored", version = 1)
public record ChatMessageStored(UUID messageId, UUID conversationId, UUID senderId, UUID recipientId,
        JsonNode envelope, Instant storedAt) implements EventPayload {
}

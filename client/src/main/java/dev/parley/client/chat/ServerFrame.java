package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame of the chat server that this client acts on, told apart by its {@code type}. Other types ("refreshed",
 * "typing", those of later server versions) read as {@link Other}, as do unknown fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ServerFrame.Other.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
        @JsonSubTypes.Type(value = ServerFrame.Delivered.class, name = "delivered"),
        @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error") })
@JsonIgnoreProperties(ignoreUnknown = true)
sealed interface ServerFrame {

    record Ready() implements ServerFrame {
    }

    record Ack(String id, UUID conversationId, UUID messageId, Instant storedAt, boolean duplicate)
            implements ServerFrame {
    }

    /** A live message; its envelope is kept as a tree and handed on as its JSON text. */
    record Message(UUID conversationId, UUID messageId, UUID senderId, Instant storedAt, JsonNode envelope)
            implements ServerFrame {
    }

    record Delivered(UUID conversationId, UUID upTo, Instant deliveredAt) implements ServerFrame {
    }

    record Presence(UUID userId, boolean online, Instant lastSeen) implements ServerFrame {
    }

    record Error(String code, String message, String id) implements ServerFrame {
    }

    record Other() implements ServerFrame {
    }
}

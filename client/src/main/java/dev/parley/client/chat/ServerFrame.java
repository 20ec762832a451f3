package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.client.api.ChatModels.GroupChange;

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
        @JsonSubTypes.Type(value = ServerFrame.GroupMessage.class, name = "group-message"),
        @JsonSubTypes.Type(value = ServerFrame.GroupDelivered.class, name = "group-delivered"),
        @JsonSubTypes.Type(value = ServerFrame.GroupRead.class, name = "group-read"),
        @JsonSubTypes.Type(value = ServerFrame.GroupChanged.class, name = "group-changed"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error") })
@JsonIgnoreProperties(ignoreUnknown = true)
sealed interface ServerFrame {

    record Ready() implements ServerFrame {
    }

    /** {@code conversationId} for a 1:1 send, {@code groupId} for a group send. */
    record Ack(String id, UUID conversationId, UUID groupId, UUID messageId, Instant storedAt, boolean duplicate)
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

    /** A live group message, with every wrap: its envelope is handed on as its JSON text, like a 1:1 message's. */
    record GroupMessage(UUID groupId, UUID messageId, UUID senderId, long epoch, Instant storedAt, JsonNode envelope)
            implements ServerFrame {
    }

    /** {@code userId}'s client has the group's messages up to {@code upTo}. */
    record GroupDelivered(UUID groupId, UUID userId, UUID upTo, Instant at) implements ServerFrame {
    }

    /** {@code userId} read the group up to {@code upTo}. */
    record GroupRead(UUID groupId, UUID userId, UUID upTo, Instant at) implements ServerFrame {
    }

    /** The group's membership or name changed: {@code change} is the line of its record. */
    record GroupChanged(UUID groupId, long epoch, GroupChange change) implements ServerFrame {
    }

    record Error(String code, String message, String id) implements ServerFrame {
    }

    record Other() implements ServerFrame {
    }
}

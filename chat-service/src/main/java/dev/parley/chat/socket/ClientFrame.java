package dev.parley.chat.socket;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.service.Encodings;

/**
 * A JSON frame a client sends on /ws/chat, told apart by its {@code type} (documented in the module's README). A frame
 * without a type, or of a type this server does not know, reads as {@link Unknown}. Fields are read as leniently as
 * {@link ChatEndpoint} checks them: one of the wrong JSON type reads as missing, so that the frame is answered with its
 * own refusal rather than a parse error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ClientFrame.Unknown.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Delivered.class, name = "delivered"),
        @JsonSubTypes.Type(value = ClientFrame.GroupDelivered.class, name = "group-delivered"),
        @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientFrame.Refresh.class, name = "refresh") })
@JsonIgnoreProperties(ignoreUnknown = true)
sealed interface ClientFrame {

    /**
     * A message to store: the client's id for it (null unless a JSON string) and its envelope as sent, a tree read
     * once and hashed and checked as it is.
     */
    record Send(String id, JsonNode envelope) implements ClientFrame {
        @JsonCreator
        static Send of(@JsonProperty("id") JsonNode id, @JsonProperty("envelope") JsonNode envelope) {
            return new Send(id != null && id.isTextual() ? id.textValue() : null, envelope);
        }
    }

    /** The client has the conversation's messages up to {@code upTo}; null ids were not canonical UUIDs. */
    record Delivered(UUID conversationId, UUID upTo) implements ClientFrame {
        @JsonCreator
        static Delivered of(@JsonProperty("conversationId") JsonNode conversationId,
                @JsonProperty("upTo") JsonNode upTo) {
            return new Delivered(uuid(conversationId), uuid(upTo));
        }
    }

    /** The client has the group's messages up to {@code upTo}; null ids were not canonical UUIDs. */
    record GroupDelivered(UUID groupId, UUID upTo) implements ClientFrame {
        @JsonCreator
        static GroupDelivered of(@JsonProperty("groupId") JsonNode groupId, @JsonProperty("upTo") JsonNode upTo) {
            return new GroupDelivered(uuid(groupId), uuid(upTo));
        }
    }

    /**
     * The user is typing in a conversation or a group (the frame names one of them); a null id was missing or not a
     * canonical UUID.
     */
    record Typing(UUID conversationId, UUID groupId) implements ClientFrame {
        @JsonCreator
        static Typing of(@JsonProperty("conversationId") JsonNode conversationId,
                @JsonProperty("groupId") JsonNode groupId) {
            return new Typing(uuid(conversationId), uuid(groupId));
        }
    }

    /** A new access token for the socket; empty when the frame has none. */
    record Refresh(String token) implements ClientFrame {
        @JsonCreator
        static Refresh of(@JsonProperty("token") JsonNode token) {
            return new Refresh(token == null ? "" : token.asText(""));
        }
    }

    /** A frame whose type is missing or not one of the above. */
    record Unknown() implements ClientFrame {
    }

    private static UUID uuid(JsonNode node) {
        return node == null ? null : Encodings.uuidOrNull(node.asText(null));
    }
}

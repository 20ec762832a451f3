package dev.parley.chat.socket;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.parley.api.ErrorCode;

/**
 * The JSON frames the server sends on /ws/chat (documented in the module's README). Each has a {@code type}; the
 * client's frames ({@code send}, {@code delivered}, {@code typing}, {@code refresh}) are read in {@link ChatEndpoint}.
 */
public final class Frames {

    private Frames() {
    }

    /** First frame on a socket: it is registered for live delivery, so history fetched from now on misses nothing. */
    @JsonPropertyOrder({ "type" })
    public record Ready(UUID userId, Instant tokenExpiresAt) {
        @JsonProperty("type")
        String type() {
            return "ready";
        }
    }

    /** A send was stored (or, for a retry, had been stored before): the server's id and time for it. */
    @JsonPropertyOrder({ "type" })
    public record Ack(String id, UUID conversationId, UUID messageId, Instant storedAt, boolean duplicate) {
        @JsonProperty("type")
        String type() {
            return "ack";
        }
    }

    /** A message for the recipient, with its envelope exactly as stored (its JSON text, written as it is). */
    @JsonPropertyOrder({ "type" })
    public record Message(UUID conversationId, UUID messageId, UUID senderId, Instant storedAt,
            @JsonRawValue String envelope) {
        @JsonProperty("type")
        String type() {
            return "message";
        }
    }

    /** To the sender: the recipient's client has every message of theirs in the conversation up to {@code upTo}. */
    @JsonPropertyOrder({ "type" })
    public record Delivered(UUID conversationId, UUID upTo, Instant deliveredAt) {
        @JsonProperty("type")
        String type() {
            return "delivered";
        }
    }

    /**
     * The friend has read the conversation up to {@code upTo} (a message id); sent only while both have read receipts
     * on.
     */
    @JsonPropertyOrder({ "type" })
    public record Read(UUID conversationId, UUID upTo, Instant at) {
        @JsonProperty("type")
        String type() {
            return "read";
        }
    }

    /** {@code from} is typing in the conversation; ephemeral, never stored. */
    @JsonPropertyOrder({ "type" })
    public record Typing(UUID conversationId, UUID from) {
        @JsonProperty("type")
        String type() {
            return "typing";
        }
    }

    /** A friend went online or offline. */
    @JsonPropertyOrder({ "type" })
    public record Presence(UUID userId, boolean online, Instant lastSeen) {
        @JsonProperty("type")
        String type() {
            return "presence";
        }
    }

    /**
     * A friend request between the two users was sent, withdrawn by its sender, approved (they are friends now) or
     * rejected by its recipient; its {@code type} names which.
     */
    @JsonPropertyOrder({ "type" })
    public record FriendRequest(@JsonIgnore Change change, UUID requestId, UUID senderId, UUID recipientId) {

        public enum Change {
            SENT, CANCELLED, APPROVED, REJECTED
        }

        @JsonProperty("type")
        String type() {
            return "friend-request-" + change.name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code userId} ended the friendship with {@code friendId} (removed them, or deleted their account). */
    @JsonPropertyOrder({ "type" })
    public record FriendRemoved(UUID userId, UUID friendId) {
        @JsonProperty("type")
        String type() {
            return "friend-removed";
        }
    }

    /** An in-band refresh was accepted: the socket now lives until the new token expires. */
    @JsonPropertyOrder({ "type" })
    public record Refreshed(Instant tokenExpiresAt) {
        @JsonProperty("type")
        String type() {
            return "refreshed";
        }
    }

    /**
     * A frame was refused; {@code code} is an {@link ErrorCode}'s wire string, {@code id} the client message id of a
     * refused send.
     */
    @JsonPropertyOrder({ "type" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, String id) {
        public Error(ErrorCode code, String message, String id) {
            this(code.wire(), message, id);
        }

        @JsonProperty("type")
        String type() {
            return "error";
        }
    }
}

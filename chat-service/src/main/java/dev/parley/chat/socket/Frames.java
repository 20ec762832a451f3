package dev.parley.chat.socket;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.parley.api.ErrorCode;

/**
 * The JSON frames the server sends on /ws/chat (documented in the module's README). Each has a {@code type}; the
 * client's frames ({@code send}, {@code delivered}, {@code typing}, {@code refresh}) are {@link ClientFrame}s.
 */
public final class Frames {

    private Frames() {
    }

    /**
     * A frame of the server; Jackson writes its {@code type} first. A friend request's type depends on its change, so
     * that frame names itself ({@link FriendRequest#type()}).
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Ready.class, name = "ready"),
            @JsonSubTypes.Type(value = Ack.class, name = "ack"),
            @JsonSubTypes.Type(value = Message.class, name = "message"),
            @JsonSubTypes.Type(value = Delivered.class, name = "delivered"),
            @JsonSubTypes.Type(value = Read.class, name = "read"),
            @JsonSubTypes.Type(value = Typing.class, name = "typing"),
            @JsonSubTypes.Type(value = Presence.class, name = "presence"),
            @JsonSubTypes.Type(value = FriendRemoved.class, name = "friend-removed"),
            @JsonSubTypes.Type(value = GroupChanged.class, name = "group-changed"),
            @JsonSubTypes.Type(value = GroupMessage.class, name = "group-message"),
            @JsonSubTypes.Type(value = GroupDelivered.class, name = "group-delivered"),
            @JsonSubTypes.Type(value = GroupRead.class, name = "group-read"),
            @JsonSubTypes.Type(value = Refreshed.class, name = "refreshed"),
            @JsonSubTypes.Type(value = Error.class, name = "error") })
    public sealed interface ServerFrame permits Ready, Ack, GroupAck, Message, Delivered, Read, Typing, GroupTyping,
            Presence, FriendRequest, FriendRemoved, GroupChanged, GroupMessage, GroupDelivered, GroupRead, Refreshed,
            Error {
    }

    /** First frame on a socket: it is registered for live delivery, so history fetched from now on misses nothing. */
    public record Ready(UUID userId, Instant tokenExpiresAt) implements ServerFrame {
    }

    /** A send was stored (or, for a retry, had been stored before): the server's id and time for it. */
    public record Ack(String id, UUID conversationId, UUID messageId, Instant storedAt, boolean duplicate)
            implements ServerFrame {
    }

    /**
     * A group message was stored (or, for a retry, had been stored before); an {@code ack} like {@link Ack}, naming
     * the group instead of a conversation.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    @JsonPropertyOrder({ "type" })
    public record GroupAck(String id, UUID groupId, UUID messageId, Instant storedAt, boolean duplicate)
            implements ServerFrame {

        @JsonProperty("type")
        String type() {
            return "ack";
        }
    }

    /** A message for the recipient, with its envelope exactly as stored (its JSON text, written as it is). */
    public record Message(UUID conversationId, UUID messageId, UUID senderId, Instant storedAt,
            @JsonRawValue String envelope) implements ServerFrame {
    }

    /** To the sender: the recipient's client has every message of theirs in the conversation up to {@code upTo}. */
    public record Delivered(UUID conversationId, UUID upTo, Instant deliveredAt) implements ServerFrame {
    }

    /**
     * The friend has read the conversation up to {@code upTo} (a message id); sent only while both have read receipts
     * on.
     */
    public record Read(UUID conversationId, UUID upTo, Instant at) implements ServerFrame {
    }

    /** {@code from} is typing in the conversation; ephemeral, never stored. */
    public record Typing(UUID conversationId, UUID from) implements ServerFrame {
    }

    /** {@code from} is typing in the group; a {@code typing} frame like {@link Typing}, naming the group. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    @JsonPropertyOrder({ "type" })
    public record GroupTyping(UUID groupId, UUID from) implements ServerFrame {

        @JsonProperty("type")
        String type() {
            return "typing";
        }
    }

    /** A friend went online or offline. */
    public record Presence(UUID userId, boolean online, Instant lastSeen) implements ServerFrame {
    }

    /**
     * A friend request between the two users was sent, withdrawn by its sender, approved (they are friends now) or
     * rejected by its recipient; its {@code type} names which.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    @JsonPropertyOrder({ "type" })
    public record FriendRequest(@JsonIgnore Change change, UUID requestId, UUID senderId, UUID recipientId)
            implements ServerFrame {

        public enum Change {
            SENT, CANCELLED, APPROVED, REJECTED
        }

        @JsonProperty("type")
        String type() {
            return "friend-request-" + change.name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code userId} ended the friendship with {@code friendId} (removed them, or deleted their account). */
    public record FriendRemoved(UUID userId, UUID friendId) implements ServerFrame {
    }

    /**
     * A group's membership or name changed (committed): to its members and to a member the change took out; {@code
     * change} is the line of the group's membership record, as {@code GET /api/chat/groups/{id}/changes} lists it.
     */
    public record GroupChanged(UUID groupId, int epoch, GroupChangeLine change) implements ServerFrame {
    }

    /** One line of a group's membership record; {@code subjectId} and {@code name} only where the kind has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupChangeLine(UUID id, String kind, int epoch, UUID actorId, UUID subjectId, String name,
            Instant at) {
    }

    /**
     * A group message for another member, with its envelope exactly as stored (every member's wrap; its JSON text,
     * written as it is) and the epoch it was sealed for.
     */
    public record GroupMessage(UUID groupId, UUID messageId, UUID senderId, int epoch, Instant storedAt,
            @JsonRawValue String envelope) implements ServerFrame {
    }

    /** To a sender: {@code userId}'s client has the group's messages up to {@code upTo} (confirmed {@code at}). */
    public record GroupDelivered(UUID groupId, UUID userId, UUID upTo, Instant at) implements ServerFrame {
    }

    /**
     * {@code userId} has read the group up to {@code upTo} (their read marker moved there {@code at}); only while both
     * the reader and the one told have read receipts on.
     */
    public record GroupRead(UUID groupId, UUID userId, UUID upTo, Instant at) implements ServerFrame {
    }

    /** An in-band refresh was accepted: the socket now lives until the new token expires. */
    public record Refreshed(Instant tokenExpiresAt) implements ServerFrame {
    }

    /**
     * A frame was refused; {@code code} is an {@link ErrorCode}'s wire string, {@code id} the client message id of a
     * refused send, {@code epoch} the group's current epoch when a group message was sealed for another
     * ({@code stale_epoch}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, String id, Integer epoch) implements ServerFrame {
        public Error(ErrorCode code, String message, String id) {
            this(code.wire(), message, id, null);
        }
    }
}

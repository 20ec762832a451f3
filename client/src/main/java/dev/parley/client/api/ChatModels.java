package dev.parley.client.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

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

    /**
     * A member of a group, present or former, with the public key the pair keys are derived from (PROTOCOL.md §7);
     * {@code username} and {@code publicKey} are null once the account is deleted.
     */
    public record GroupMember(UUID userId, String username, String publicKey) {
    }

    /**
     * One period of a user's membership: a member of every epoch from {@code joinedEpoch} up to, not including,
     * {@code leftEpoch} (null while they are a member).
     */
    public record Membership(UUID userId, long joinedEpoch, Long leftEpoch) {

        public boolean covers(long epoch) {
            return joinedEpoch <= epoch && (leftEpoch == null || epoch < leftEpoch);
        }
    }

    /**
     * A group as one of its members sees it: {@code members} in the order they joined; {@code creatorId} null once
     * the creator left; {@code memberships} every period of every member, oldest first, from which a reader knows who
     * was a member of each epoch. {@code lastActivity} and {@code unread} come with the list of groups only.
     */
    public record GroupInfo(UUID id, String name, long epoch, UUID creatorId, List<GroupMember> members,
            List<GroupMember> formerMembers, List<Membership> memberships, Instant createdAt, Instant changedAt,
            Instant lastActivity, long unread) {

        public GroupInfo {
            members = members == null ? List.of() : List.copyOf(members);
            formerMembers = formerMembers == null ? List.of() : List.copyOf(formerMembers);
            memberships = memberships == null ? List.of() : List.copyOf(memberships);
        }
    }

    /**
     * A line of a group's membership record: {@code kind} is {@code created} ({@code name}), {@code added},
     * {@code removed} ({@code actorId} did it to {@code subjectId}), {@code left} or {@code renamed} ({@code name});
     * {@code epoch} is the group's epoch after it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true) // it also comes inside group-changed frames, read strictly otherwise
    public record GroupChange(UUID id, String kind, long epoch, UUID actorId, UUID subjectId, String name,
            Instant at) {
    }

    /** Lines of the record oldest first; {@code hasMore}: more follow the last one. */
    public record GroupChangePage(List<GroupChange> changes, boolean hasMore) {
    }

    /** A stored group message: its §7 envelope JSON as the sender sealed it (every wrap), and what the server added. */
    public record StoredGroupMessage(UUID id, UUID groupId, UUID senderId, long epoch, Instant storedAt,
            String envelope) {
    }

    /**
     * How far another current member's client has the group's messages ({@code deliveredUpTo}) and how far they read
     * ({@code readUpTo}, {@code readAt}); each null when there is none, the read marker also when either of the two
     * users has read receipts off.
     */
    public record GroupReceipt(UUID userId, UUID deliveredUpTo, UUID readUpTo, Instant readAt) {
    }

    /** A page of a group's history, oldest first, with every other current member's receipts. */
    public record GroupHistoryPage(List<StoredGroupMessage> messages, boolean hasMore, List<GroupReceipt> receipts) {
    }
}

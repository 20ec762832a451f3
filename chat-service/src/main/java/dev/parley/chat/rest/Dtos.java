package dev.parley.chat.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatSettings;
import dev.parley.chat.KnownUser;
import dev.parley.chat.service.ConversationService.ConversationView;
import dev.parley.chat.repository.GroupReceiptStore;
import dev.parley.chat.service.GroupChangeAnnouncer;
import dev.parley.chat.service.GroupHistory;
import dev.parley.chat.service.GroupService;
import dev.parley.chat.service.GroupView;
import dev.parley.chat.socket.Frames.GroupChangeLine;
import dev.parley.chat.service.MessageService;

/** The JSON bodies of the chat API. */
final class Dtos {

    private Dtos() {
    }

    record OpenConversationRequest(UUID friendId) {
    }

    record ReadRequest(UUID upTo) {
    }

    /** The other member, with the public key both derive the conversation key from (PROTOCOL.md §3). */
    record Friend(UUID userId, String username, String publicKey) {
        static Friend of(KnownUser user) {
            return user == null ? null : new Friend(user.id, user.username, user.publicKey);
        }
    }

    /** {@code friend} is null when the other account no longer exists. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Conversation(UUID id, Friend friend, Instant createdAt, Instant lastActivity, long unread) {
        static Conversation of(ConversationView view) {
            return new Conversation(view.id(), Friend.of(view.friend()), view.createdAt(), view.lastActivity(),
                    view.unread());
        }
    }

    /** A stored message: the envelope exactly as the sender sealed it, and what the server added. */
    record Message(UUID id, UUID conversationId, UUID senderId, Instant storedAt, Instant deliveredAt,
            @JsonRawValue String envelope) {
        static Message of(ChatMessage message) {
            return new Message(message.publicId, message.conversationId, message.senderId, message.storedAt,
                    message.deliveredAt, message.envelope);
        }
    }

    /**
     * Messages oldest first; {@code hasMore}: more lie further in the direction of paging. {@code friendRead}: how far
     * the friend has read the conversation, absent unless both have read receipts on.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(List<Message> messages, boolean hasMore, FriendRead friendRead) {
        static History of(MessageService.Page page) {
            return new History(page.messages().stream().map(Message::of).toList(), page.hasMore(),
                    page.friendRead() == null ? null
                            : new FriendRead(page.friendRead().upTo(), page.friendRead().at()));
        }
    }

    /** The friend has read every message up to {@code upTo} (a message id); the marker last moved {@code at}. */
    record FriendRead(UUID upTo, Instant at) {
    }

    /** An account's chat settings; in a PUT both are required. */
    record Settings(Boolean typingIndicators, Boolean readReceipts) {
        static Settings of(ChatSettings settings) {
            return new Settings(settings.typingIndicators, settings.readReceipts);
        }
    }

    record CreateGroupRequest(String name, List<UUID> members) {
    }

    record AddMemberRequest(UUID userId) {
    }

    record RenameGroupRequest(String name) {
    }

    /**
     * A member with the public key the others derive their pair key from (PROTOCOL.md §7); {@code username} and
     * {@code publicKey} are absent while chat-service does not know the user yet.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupMember(UUID userId, String username, String publicKey) {
        static GroupMember of(GroupView.Member member) {
            return member.user() == null ? new GroupMember(member.userId(), null, null)
                    : new GroupMember(member.userId(), member.user().username, member.user().publicKey);
        }
    }

    /** A period of a user's membership: the epochs from {@code joinedEpoch} to {@code leftEpoch} (absent: a member). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupMembership(UUID userId, int joinedEpoch, Integer leftEpoch) {
        static GroupMembership of(GroupView.Membership membership) {
            return new GroupMembership(membership.userId(), membership.joinedEpoch(), membership.leftEpoch());
        }
    }

    /**
     * {@code creatorId} is absent once the creator left. {@code changedAt}: the time of the newest change;
     * {@code lastActivity}: of the newest message or change. {@code formerMembers}: who was a member and is not now;
     * {@code memberships}: every membership period, oldest first. {@code unread}: messages from others after the
     * user's read marker.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(UUID id, String name, int epoch, UUID creatorId, List<GroupMember> members,
            List<GroupMember> formerMembers, List<GroupMembership> memberships, Instant createdAt, Instant changedAt,
            Instant lastActivity, long unread) {
        static Group of(GroupView view) {
            return new Group(view.id(), view.name(), view.epoch(), view.creatorId(),
                    view.members().stream().map(GroupMember::of).toList(),
                    view.formerMembers().stream().map(GroupMember::of).toList(),
                    view.memberships().stream().map(GroupMembership::of).toList(), view.createdAt(),
                    view.changedAt(), view.lastActivity(), view.unread());
        }
    }

    /** A stored group message: the envelope exactly as the sender sealed it (every wrap), and what the server added. */
    record GroupMessage(UUID id, UUID groupId, UUID senderId, int epoch, Instant storedAt,
            @JsonRawValue String envelope) {
        static GroupMessage of(dev.parley.chat.GroupMessage message) {
            return new GroupMessage(message.publicId, message.groupId, message.senderId, message.epoch,
                    message.storedAt, message.envelope);
        }
    }

    /**
     * How far another member got: {@code deliveredUpTo} the newest message their client confirmed, {@code readUpTo}
     * and {@code readAt} their read marker (absent unless both have read receipts on); each absent before any.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupReceipt(UUID userId, UUID deliveredUpTo, UUID readUpTo, Instant readAt) {
        static GroupReceipt of(GroupReceiptStore.Receipt receipt) {
            return new GroupReceipt(receipt.userId(), receipt.deliveredUpTo(), receipt.readUpTo(), receipt.readAt());
        }
    }

    /** Group messages oldest first; {@code hasMore}: more lie further in the direction of paging. */
    record GroupHistoryPage(List<GroupMessage> messages, boolean hasMore, List<GroupReceipt> receipts) {
        static GroupHistoryPage of(GroupHistory.Page page) {
            return new GroupHistoryPage(page.messages().stream().map(GroupMessage::of).toList(), page.hasMore(),
                    page.receipts().stream().map(GroupReceipt::of).toList());
        }
    }

    /** Lines of a group's membership record, oldest first; {@code hasMore}: newer ones follow. */
    record GroupChanges(List<GroupChangeLine> changes, boolean hasMore) {
        static GroupChanges of(GroupService.ChangePage page) {
            return new GroupChanges(page.changes().stream().map(GroupChangeAnnouncer::line).toList(), page.hasMore());
        }
    }
}

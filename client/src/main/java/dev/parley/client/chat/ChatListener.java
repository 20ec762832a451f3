package dev.parley.client.chat;

import java.util.UUID;

import dev.parley.client.api.ChatModels.GroupChange;

/**
 * What a {@link ChatClient} tells its application. Calls come one at a time, in the order the server sent the
 * frames, on the client's event thread: a listener must not block it for long.
 */
public interface ChatListener {

    /** The socket is open and every joined conversation and group has caught up with what was sent meanwhile. */
    default void onReady() {
    }

    /** A message of a joined conversation, verified: check {@code verification()} before showing it. */
    default void onMessage(ReceivedMessage message) {
    }

    /** A message came for a conversation this client has not joined; join it to read it (history included). */
    default void onMessageForUnjoinedConversation(UUID conversationId) {
    }

    /** The friend's client has the user's messages up to one. */
    default void onDelivered(DeliveryReceipt receipt) {
    }

    /**
     * A message of a joined group, checked as PROTOCOL.md §7 says: check {@code verification()} before showing it;
     * an integrity problem comes here too, as the message's verification.
     */
    default void onGroupMessage(ReceivedGroupMessage message) {
    }

    /** A message came for a group this client has not joined; join it to read it (history included). */
    default void onMessageForUnjoinedGroup(UUID groupId) {
    }

    /** A member's client has the group's messages up to one (the user's messages among them). */
    default void onGroupDelivered(GroupMemberReceipt receipt) {
    }

    /** A member read the group up to a message (both have read receipts on). */
    default void onGroupRead(GroupMemberReceipt receipt) {
    }

    /**
     * A group's membership or name changed (a line of its record); a joined group has been read again already, so
     * its {@link GroupConversation#info()} is the new one.
     */
    default void onGroupChanged(UUID groupId, GroupChange change) {
    }

    /**
     * Reading a joined group again met a member's key that differs from the pinned one: the group keeps the
     * membership it had until the user compared the new safety number, {@link ChatClient#acceptFriendKey} pinned it
     * and the group was joined again.
     */
    default void onGroupMemberKeyChanged(UUID groupId, FriendKeyChangedException change) {
    }

    /** The server no longer counts the user as a member of a joined group (removed, or left; perhaps while away). */
    default void onNoLongerGroupMember(UUID groupId) {
    }

    /** A friend went online or offline. */
    default void onPresence(PresenceUpdate update) {
    }

    /** An error the server sent that belongs to no send, or a catch-up that failed. */
    default void onError(ChatError error) {
    }

    /**
     * The server ended the session (logout elsewhere, logout everywhere, password change): the socket stays closed,
     * unsent messages failed with {@link SessionEndedException}; the user must log in again. Comes after
     * {@link #onDisconnected}.
     */
    default void onSessionEnded() {
    }

    /**
     * The socket closed. With {@code reconnecting} the client opens a new one by itself (and resends what was not
     * acknowledged); without, the user must sign in again (the server rejected the token) or the client was closed.
     */
    default void onDisconnected(int code, String reason, boolean reconnecting) {
    }
}

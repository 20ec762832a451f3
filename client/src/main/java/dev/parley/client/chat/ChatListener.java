package dev.parley.client.chat;

import java.util.UUID;

/**
 * What a {@link ChatClient} tells its application. Calls come one at a time, in the order the server sent the
 * frames, on the client's event thread: a listener must not block it for long.
 */
public interface ChatListener {

    /** The socket is open and every joined conversation has caught up with what was sent meanwhile. */
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

package dev.parley.client.chat;

/**
 * The server ended the session this client's socket was opened with (close code 4001: logout on another device,
 * logout everywhere, a password change). Nothing is retried: the user must log in again.
 */
public final class SessionEndedException extends RuntimeException {

    public SessionEndedException(String reason) {
        super("Your session has ended. Please log in again." + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
    }
}

package dev.parley.chat.socket;

import io.quarkus.websockets.next.CloseReason;

/**
 * Why the server closes a socket, in the 4000–4999 range RFC 6455 leaves to applications. A client reconnects after
 * {@link #TOKEN_EXPIRED} and {@link #UNRESPONSIVE} (with a fresh token), but not after {@link #SESSION_REVOKED} or
 * {@link #TOKEN_REJECTED}, which need the user to sign in again.
 */
public final class CloseCodes {

    /** The access token expired and no refresh came in time: reconnect with a fresh one. */
    public static final CloseReason TOKEN_EXPIRED = new CloseReason(4002, "token expired");
    /**
     * The socket's session was ended (logout, logout everywhere, password change, a reused refresh token, the account
     * deleted): the user must sign in again.
     */
    public static final CloseReason SESSION_REVOKED = new CloseReason(4001, "session ended");
    /** An in-band refresh carried a token that is invalid or belongs to another user. */
    public static final CloseReason TOKEN_REJECTED = new CloseReason(4003, "token rejected");
    /** Neither a frame nor an answer to a ping came for too long: the client is presumed gone. */
    public static final CloseReason UNRESPONSIVE = new CloseReason(4008, "unresponsive");

    /** The socket could not be recorded for live delivery (the database is unreachable): try again later. */
    public static final CloseReason NOT_REGISTERED = new CloseReason(1011, "not registered, try again");
    /** The instance is shutting down: reconnect, and the gateway picks another instance. */
    public static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");

    private CloseCodes() {
    }
}

package dev.parley.client.chat;

/**
 * An error frame: {@code code} is one of the server's codes ({@code not_a_friend}, {@code unknown_conversation},
 * {@code bad_envelope}, {@code too_large}, {@code rate_limited}, {@code bad_frame}, ...) or the client's own
 * {@code catch_up_failed}; {@code clientMessageId} names the refused send, if any.
 */
public record ChatError(String code, String message, String clientMessageId) {
}

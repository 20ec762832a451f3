package dev.parley.client.api;

/** The chat API refused a request: its HTTP status and the {@code {"error","message"}} body. */
public class ChatApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ChatApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The machine-readable code, such as {@code not_a_friend} or {@code unknown_conversation}. */
    public String error() {
        return error;
    }

    @Override
    public String toString() {
        return "ChatApiException[" + status + " " + error + ": " + getMessage() + "]";
    }
}

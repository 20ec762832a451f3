package dev.parley.client.chat;

/** The server refused a send for good (anything but rate limiting, which the client waits out and retries). */
public class ChatSendException extends RuntimeException {

    private final ChatError error;

    public ChatSendException(ChatError error) {
        super(error.code() + ": " + error.message());
        this.error = error;
    }

    public ChatError error() {
        return error;
    }
}

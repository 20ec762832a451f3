package dev.parley.client.crypto;

/**
 * A message that decrypted under the conversation key, so only a conversation member can have
 * written it, with the hash that names it in its chain.
 */
public final class OpenedMessage {

    private final MessageHeader header;
    private final MessageBody body;
    private final byte[] hash;

    OpenedMessage(MessageHeader header, MessageBody body, byte[] hash) {
        this.header = header;
        this.body = body;
        this.hash = hash.clone();
    }

    public MessageHeader header() {
        return header;
    }

    public MessageBody body() {
        return body;
    }

    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public String toString() {
        return "OpenedMessage[" + header + "]";
    }
}

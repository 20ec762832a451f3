package dev.parley.client.crypto;

import java.util.Objects;

/**
 * The messages one device sends in one conversation: each gets the next seq and names the
 * previous one's hash as {@code prev}, so that the recipient can tell a dropped, replayed or
 * reordered message (PROTOCOL.md §4).
 *
 * <p>Sealing moves the chain forward. If sending then fails, retry with the same envelope: the
 * server answers a retry with the same seq and bytes with the stored message.
 */
public final class SendingChain {

    private final ConversationKey key;
    private final String senderUserId;
    private final DeviceId deviceId;
    private long nextSeq;
    private byte[] prevHash;

    private SendingChain(ConversationKey key, String senderUserId, DeviceId deviceId, long nextSeq, byte[] prevHash) {
        this.key = key;
        this.senderUserId = senderUserId;
        this.deviceId = deviceId;
        this.nextSeq = nextSeq;
        this.prevHash = prevHash;
    }

    /** A new chain: its first message has seq 1 and a {@code prev} of 32 zero bytes. */
    public static SendingChain start(ConversationKey key, String senderUserId, DeviceId deviceId) {
        return new SendingChain(Objects.requireNonNull(key, "key"), Objects.requireNonNull(senderUserId, "senderUserId"),
                Objects.requireNonNull(deviceId, "deviceId"), 1, new byte[Sha256.LENGTH]);
    }

    /** Continues a chain from a state saved with {@link #state()}. */
    public static SendingChain resume(ConversationKey key, SendingChainState state) {
        if (!state.conversationId().equals(key.conversationId())) {
            throw new IllegalArgumentException("the saved state belongs to another conversation than the key");
        }
        return new SendingChain(key, state.senderUserId(), state.deviceId(), state.nextSeq(), state.prevHash());
    }

    /** Encrypts {@code body} as the chain's next message, with a fresh random nonce. */
    public MessageEnvelope seal(MessageBody body) {
        return seal(body, RandomBytes.of(AesGcm.NONCE_LENGTH));
    }

    // Synchronized because two messages sealed at once must not get the same seq.
    synchronized MessageEnvelope seal(MessageBody body, byte[] nonce) {
        MessageHeader header = new MessageHeader(key.conversationId(), senderUserId, deviceId, nextSeq, prevHash);
        MessageEnvelope envelope = MessageEnvelope.seal(key, header, body, nonce);
        prevHash = envelope.hash();
        nextSeq++;
        return envelope;
    }

    public synchronized SendingChainState state() {
        return new SendingChainState(key.conversationId(), senderUserId, deviceId, nextSeq, prevHash);
    }
}

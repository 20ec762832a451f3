package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * An encrypted message as clients send it and the server stores and relays it unchanged
 * (PROTOCOL.md §4): {@code {"header":{...},"nonce":"<b64url 12 bytes>","ciphertext":"<b64url>"}},
 * the ciphertext being AES-256-GCM of the body's canonical JSON with the tag appended, under
 * the conversation key, with the header's canonical JSON as associated data.
 */
public final class MessageEnvelope {

    private static final Set<String> KEYS = Set.of("header", "nonce", "ciphertext");

    private final MessageHeader header;
    private final byte[] nonce;
    private final byte[] ciphertext;

    private MessageEnvelope(MessageHeader header, byte[] nonce, byte[] ciphertext) {
        this.header = header;
        this.nonce = nonce;
        this.ciphertext = ciphertext;
    }

    /** Sealing with a chosen nonce exists for the test vectors; a nonce must never be used twice with one key. */
    static MessageEnvelope seal(ConversationKey key, MessageHeader header, MessageBody body, byte[] nonce) {
        if (!header.conversationId().equals(key.conversationId())) {
            throw new IllegalArgumentException("the header names another conversation than the key");
        }
        if (header.epoch().isPresent()) {
            throw new IllegalArgumentException("a group message's header goes into a GroupMessageEnvelope");
        }
        byte[] ciphertext = AesGcm.seal(key.bytes(), nonce, body.toCanonicalJson(), header.aad());
        return new MessageEnvelope(header, nonce.clone(), ciphertext);
    }

    /**
     * The body, or empty when AES-GCM refuses the envelope under this key (any changed byte of
     * header, nonce or ciphertext) or what it decrypts to is not a message body.
     */
    Optional<MessageBody> open(ConversationKey key) {
        return AesGcm.open(key.bytes(), nonce, ciphertext, header.aad()).flatMap(plaintext -> {
            try {
                return Optional.of(MessageBody.fromJson(plaintext));
            } catch (ProtocolFormatException e) {
                return Optional.empty();
            }
        });
    }

    public MessageHeader header() {
        return header;
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** SHA-256(aad || nonce || ciphertext): what the next message of the chain names as {@code prev}. */
    public byte[] hash() {
        return Sha256.digest(header.aad(), nonce, ciphertext);
    }

    /** The envelope as canonical JSON; readers accept any key order and spacing. */
    public String toJson() {
        ObjectNode json = StrictJson.newObject();
        json.set("header", header.toJson());
        json.put("nonce", Base64Url.encode(nonce));
        json.put("ciphertext", Base64Url.encode(ciphertext));
        return CanonicalJson.serialize(json);
    }

    /**
     * Reads an envelope strictly: exactly the three keys, a well-formed version 1 header, a
     * 12-byte nonce and a ciphertext at least as long as the tag. Whether it is authentic is
     * for {@link MessageVerifier} to say.
     *
     * @throws ProtocolFormatException if {@code json} is not such an envelope
     */
    public static MessageEnvelope fromJson(String json) {
        String what = "a message envelope";
        ObjectNode envelope = StrictJson.objectWithKeys(StrictJson.parse(json, what), what, KEYS);
        byte[] ciphertext = Base64Url.decode(StrictJson.string(envelope, "ciphertext", what));
        if (ciphertext.length < AesGcm.TAG_LENGTH) {
            throw new ProtocolFormatException("a ciphertext holds at least the " + AesGcm.TAG_LENGTH + "-byte tag");
        }
        return new MessageEnvelope(
                MessageHeader.fromJson(envelope.get("header")),
                Base64Url.decode(StrictJson.string(envelope, "nonce", what), AesGcm.NONCE_LENGTH, "the nonce"),
                ciphertext);
    }

    @Override
    public String toString() {
        return "MessageEnvelope[" + header + ", " + ciphertext.length + " ciphertext bytes]";
    }
}

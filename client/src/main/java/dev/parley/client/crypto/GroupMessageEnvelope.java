package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A group message as clients send it and the server stores and relays it unchanged (PROTOCOL.md §7, 1.2):
 * {@code {"header":{...,"epoch":e},"nonce":"...","ciphertext":"...","keys":{"<member>":"<wrap>",...}}}.
 * The body is encrypted once under a random message key {@code K}; each other member gets
 * {@code wrap = nonceR || AES-256-GCM(pairKey, nonceR, K || hash, aad = UTF8(header) || UTF8(member))}, so a member
 * learns {@code K} together with the hash of the ciphertext the sender made with it, and cannot pass other content
 * under the same {@code K} to anybody else.
 */
public final class GroupMessageEnvelope {

    private static final Set<String> KEYS = Set.of("header", "nonce", "ciphertext", "keys");
    private static final int WRAPPED_LENGTH = AesGcm.KEY_LENGTH + Sha256.LENGTH;
    /** nonceR, then K || hash encrypted, then the tag. */
    static final int WRAP_LENGTH = AesGcm.NONCE_LENGTH + WRAPPED_LENGTH + AesGcm.TAG_LENGTH;

    private final MessageHeader header;
    private final byte[] nonce;
    private final byte[] ciphertext;
    private final Map<String, byte[]> keys;

    private GroupMessageEnvelope(MessageHeader header, byte[] nonce, byte[] ciphertext, Map<String, byte[]> keys) {
        this.header = header;
        this.nonce = nonce;
        this.ciphertext = ciphertext;
        this.keys = keys;
    }

    /**
     * Seals with a chosen message key and nonces, which exists for the test vectors: a client draws them at random
     * ({@link GroupSendingChain}), since a nonce must never be used twice with one key.
     *
     * @param recipients the pair keys with every member the key is wrapped for, one each
     * @param wrapNonces each recipient's {@code nonceR}, by user id
     */
    static GroupMessageEnvelope seal(MessageHeader header, MessageBody body, Collection<GroupPairKey> recipients,
            byte[] messageKey, byte[] nonce, Map<String, byte[]> wrapNonces) {
        if (header.epoch().isEmpty()) {
            throw new IllegalArgumentException("a group message's header names its epoch");
        }
        byte[] aad = header.aad();
        byte[] ciphertext = AesGcm.seal(messageKey, nonce, body.toCanonicalJson(), aad);
        byte[] keyAndHash = concat(messageKey, Sha256.digest(aad, nonce, ciphertext));
        Map<String, byte[]> keys = new TreeMap<>();
        for (GroupPairKey recipient : recipients) {
            if (!recipient.groupId().equals(header.conversationId())) {
                throw new IllegalArgumentException("a pair key of another group than the header's");
            }
            String member = recipient.memberUserId();
            byte[] wrapNonce = Objects.requireNonNull(wrapNonces.get(member), () -> "no wrap nonce for " + member);
            byte[] wrap = concat(wrapNonce, AesGcm.seal(recipient.bytes(), wrapNonce, keyAndHash, wrapAad(aad, member)));
            if (keys.put(member, wrap) != null) {
                throw new IllegalArgumentException("two pair keys with " + member);
            }
        }
        return new GroupMessageEnvelope(header, nonce.clone(), ciphertext, keys);
    }

    // Naming the recipient in the wrap's aad keeps a wrap from being moved to another member's entry.
    private static byte[] wrapAad(byte[] headerAad, String member) {
        return concat(headerAad, Utf8.encode(member));
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

    /** The members the message key is wrapped for. */
    public Set<String> recipients() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    /** SHA-256(aad || nonce || ciphertext): the message's name in its chain, and what each wrap vouches for. */
    public byte[] hash() {
        return Sha256.digest(header.aad(), nonce, ciphertext);
    }

    /**
     * The message key and the hash the sender wrapped for {@code readerUserId} under the key it shares with them, or
     * empty when there is no wrap for the reader or AES-GCM refuses it (another key, header or recipient, changed bytes).
     */
    Optional<WrappedKey> unwrap(GroupPairKey withSender, String readerUserId) {
        byte[] wrap = keys.get(readerUserId);
        if (wrap == null) {
            return Optional.empty();
        }
        return AesGcm.open(withSender.bytes(), Arrays.copyOf(wrap, AesGcm.NONCE_LENGTH),
                        Arrays.copyOfRange(wrap, AesGcm.NONCE_LENGTH, wrap.length), wrapAad(header.aad(), readerUserId))
                .map(keyAndHash -> new WrappedKey(Arrays.copyOf(keyAndHash, AesGcm.KEY_LENGTH),
                        Arrays.copyOfRange(keyAndHash, AesGcm.KEY_LENGTH, WRAPPED_LENGTH)));
    }

    /** The body, or empty when AES-GCM refuses the ciphertext under {@code messageKey} or it is not a message body. */
    Optional<MessageBody> open(byte[] messageKey) {
        return AesGcm.open(messageKey, nonce, ciphertext, header.aad()).flatMap(plaintext -> {
            try {
                return Optional.of(MessageBody.fromJson(plaintext));
            } catch (ProtocolFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The envelope as canonical JSON; readers accept any key order and spacing. */
    public String toJson() {
        ObjectNode json = StrictJson.newObject();
        json.set("header", header.toJson());
        json.put("nonce", Base64Url.encode(nonce));
        json.put("ciphertext", Base64Url.encode(ciphertext));
        ObjectNode keysJson = json.putObject("keys");
        keys.forEach((member, wrap) -> keysJson.put(member, Base64Url.encode(wrap)));
        return CanonicalJson.serialize(json);
    }

    /**
     * Reads an envelope strictly: exactly the four keys, a well-formed group header, a 12-byte nonce, a ciphertext at
     * least as long as the tag, and at least one wrap, each of {@value #WRAP_LENGTH} bytes; a member named twice is
     * refused with the JSON. Whether it is authentic is for {@link GroupVerifier} to say.
     *
     * @throws ProtocolFormatException if {@code json} is not such an envelope
     */
    public static GroupMessageEnvelope fromJson(String json) {
        String what = "a group message envelope";
        ObjectNode envelope = StrictJson.objectWithKeys(StrictJson.parse(json, what), what, KEYS);
        byte[] ciphertext = Base64Url.decode(StrictJson.string(envelope, "ciphertext", what));
        if (ciphertext.length < AesGcm.TAG_LENGTH) {
            throw new ProtocolFormatException("a ciphertext holds at least the " + AesGcm.TAG_LENGTH + "-byte tag");
        }
        Map<String, byte[]> keys = new TreeMap<>();
        for (Map.Entry<String, JsonNode> wrap : StrictJson.object(envelope.get("keys"), what + "'s keys").properties()) {
            if (!wrap.getValue().isTextual()) {
                throw new ProtocolFormatException(what + "'s keys must be strings");
            }
            keys.put(wrap.getKey(), Base64Url.decode(wrap.getValue().textValue(), WRAP_LENGTH, "a wrapped key"));
        }
        if (keys.isEmpty()) {
            throw new ProtocolFormatException(what + " wraps its key for at least one member");
        }
        return new GroupMessageEnvelope(
                MessageHeader.groupFromJson(envelope.get("header")),
                Base64Url.decode(StrictJson.string(envelope, "nonce", what), AesGcm.NONCE_LENGTH, "the nonce"),
                ciphertext, keys);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Override
    public String toString() {
        return "GroupMessageEnvelope[" + header + ", " + ciphertext.length + " ciphertext bytes, keys for "
                + keys.keySet() + "]";
    }

    /** What a wrap holds: the message key, and the hash of the message the sender sealed with it. */
    record WrappedKey(byte[] messageKey, byte[] hash) {
    }
}

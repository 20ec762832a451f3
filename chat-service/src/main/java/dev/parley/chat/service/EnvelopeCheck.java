package dev.parley.chat.service;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.config.ChatConfig;

/**
 * What the server can check of an envelope it cannot read (PROTOCOL.md §4, and §7 for a group message): its shape,
 * that it is from the sender and for the conversation it names, and the sizes and encodings of its values. Whether it
 * is authentic is for the recipients' clients to say.
 */
@ApplicationScoped
public class EnvelopeCheck {

    /** Where a message sits in its sender's chain; a retried send comes back to the same position. */
    public record ChainPosition(UUID conversationId, String deviceId, long seq) {
    }

    /**
     * Where a group message sits in its sender's chain in the group, the epoch it was sealed for, and the users its
     * key is wrapped for.
     */
    public record GroupPosition(UUID groupId, String deviceId, long seq, int epoch, Set<UUID> recipients) {
    }

    private static final Set<String> ENVELOPE_KEYS = Set.of("header", "nonce", "ciphertext");
    private static final Set<String> HEADER_KEYS = Set.of("v", "conv", "from", "device", "seq", "prev");
    private static final Set<String> GROUP_ENVELOPE_KEYS = Set.of("header", "nonce", "ciphertext", "keys");
    private static final Set<String> GROUP_HEADER_KEYS = Set.of("v", "conv", "from", "device", "seq", "prev", "epoch");
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** A wrap of a group message's key for one member: its nonce, the key and hash, and the tag (12 + 64 + 16). */
    private static final int WRAP_BYTES = 92;

    private final int maxCiphertextBytes;

    EnvelopeCheck(ChatConfig config) {
        this.maxCiphertextBytes = config.maxCiphertextBytes();
    }

    /** Checks an envelope the user sends; fails with {@code bad_envelope} or {@code too_large}. */
    public ChainPosition check(JsonNode envelope, UUID senderId) {
        requireKeys(envelope, ENVELOPE_KEYS, "The envelope must have exactly header, nonce and ciphertext.");
        JsonNode header = envelope.get("header");
        requireKeys(header, HEADER_KEYS, "The header must have exactly v, conv, from, device, seq and prev.");
        return chainPosition(envelope, header, senderId, "conv must be a conversation id.");
    }

    /**
     * Whether the envelope is a group message (PROTOCOL.md §7): its header names an epoch. Only this is looked at
     * before a send goes the 1:1 way or the group way; each way checks the rest.
     */
    public static boolean isGroupMessage(JsonNode envelope) {
        return envelope != null && envelope.path("header").has("epoch");
    }

    /**
     * Checks a group envelope the user sends (PROTOCOL.md §7): the 1:1 checks, an integer epoch from 1, and keys
     * naming at least one user, each once, each with a wrap of exactly 92 bytes. Whether they are the group's other
     * members is for the store to say, against the membership of the moment. Fails with {@code bad_envelope} or
     * {@code too_large}.
     */
    public GroupPosition checkGroup(JsonNode envelope, UUID senderId) {
        requireKeys(envelope, GROUP_ENVELOPE_KEYS,
                "A group envelope must have exactly header, nonce, ciphertext and keys.");
        JsonNode header = envelope.get("header");
        requireKeys(header, GROUP_HEADER_KEYS,
                "A group message's header must have exactly v, conv, from, device, seq, prev and epoch.");
        long epoch = integer(header.get("epoch"));
        if (epoch < 1 || epoch > Integer.MAX_VALUE) {
            throw bad("epoch must be an integer from 1.");
        }
        ChainPosition position = chainPosition(envelope, header, senderId, "conv must be a group id.");
        return new GroupPosition(position.conversationId(), position.deviceId(), position.seq(), (int) epoch,
                recipients(envelope.get("keys")));
    }

    /** The users a group message's key is wrapped for: an object of user ids, each with a 92-byte wrap. */
    private static Set<UUID> recipients(JsonNode keys) {
        if (keys == null || !keys.isObject() || keys.isEmpty()) {
            throw bad("keys must name at least one member.");
        }
        Set<UUID> recipients = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> wraps = keys.fields(); wraps.hasNext();) {
            Map.Entry<String, JsonNode> wrap = wraps.next();
            UUID recipient = Encodings.uuidOrNull(wrap.getKey());
            if (recipient == null) {
                throw bad("keys must name members by their user ids.");
            }
            if (!Encodings.isBase64Url(text(wrap.getValue()), WRAP_BYTES)) {
                throw bad("Each wrap in keys must be " + WRAP_BYTES + " bytes, base64url.");
            }
            recipients.add(recipient);
        }
        return Set.copyOf(recipients);
    }

    /** The checks a 1:1 and a group envelope share, once their keys are known to be the right ones. */
    private ChainPosition chainPosition(JsonNode envelope, JsonNode header, UUID senderId, String badConv) {
        if (integer(header.get("v")) != 1) {
            throw bad("This server takes message version 1.");
        }
        UUID conversationId = Encodings.uuidOrNull(text(header.get("conv")));
        if (conversationId == null) {
            throw bad(badConv);
        }
        if (!senderId.toString().equals(text(header.get("from")))) {
            throw bad("from must be your own user id.");
        }
        String deviceId = text(header.get("device"));
        if (!Encodings.isBase64Url(deviceId, Encodings.DEVICE_ID_BYTES)) {
            throw bad("device must be 16 bytes, base64url.");
        }
        long seq = integer(header.get("seq"));
        if (seq < 1) {
            throw bad("seq must be an integer from 1.");
        }
        if (!Encodings.isBase64Url(text(header.get("prev")), HASH_BYTES)) {
            throw bad("prev must be 32 bytes, base64url.");
        }
        if (!Encodings.isBase64Url(text(envelope.get("nonce")), NONCE_BYTES)) {
            throw bad("nonce must be 12 bytes, base64url.");
        }
        int ciphertextBytes = Encodings.decodedLength(text(envelope.get("ciphertext")));
        if (ciphertextBytes < TAG_BYTES) {
            throw bad("ciphertext must be base64url of at least the 16-byte tag.");
        }
        if (ciphertextBytes > maxCiphertextBytes) {
            throw tooLarge(maxCiphertextBytes);
        }
        return new ChainPosition(conversationId, deviceId, seq);
    }

    public static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, ErrorCode.TOO_LARGE,
                "A message may hold at most " + maxBytes + " bytes of ciphertext.");
    }

    private static void requireKeys(JsonNode node, Set<String> keys, String message) {
        if (node == null || !node.isObject() || node.size() != keys.size()) {
            throw bad(message);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            if (!keys.contains(names.next())) {
                throw bad(message);
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : "";
    }

    /** A whole number JSON.parse reads exactly (PROTOCOL.md §0: 1e3 and 1000.0 are 1000), or -1. */
    private static long integer(JsonNode node) {
        // A double too large for one (1e400) reads as infinite, which has no decimal value.
        if (node == null || !node.isNumber() || (node.isDouble() && !Double.isFinite(node.doubleValue()))) {
            return -1;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            return -1;
        }
        return value.longValueExact();
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest(ErrorCode.BAD_ENVELOPE, message);
    }
}

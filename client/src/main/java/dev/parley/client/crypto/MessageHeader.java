package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The clear part of a message (PROTOCOL.md §4), authenticated as AES-GCM associated data:
 * {@code {"v":1,"conv":...,"from":...,"device":...,"seq":n,"prev":b64url(prevHash)}}.
 * {@code seq} counts the messages of one (conversation, sender, device) chain from 1, and
 * {@code prev} is the hash of the chain's previous message, 32 zero bytes for the first.
 *
 * <p>A group message's header (PROTOCOL.md §7, 1.2) has one key more, {@code "epoch":e}, the group's membership
 * version the sender wrapped the message key for; {@code conv} is then the group id. It is the same header otherwise,
 * checked by the same chain rules, so one class carries both and each envelope's reader demands its own key set.
 */
public final class MessageHeader {

    static final int VERSION = 1;

    private static final Set<String> KEYS = Set.of("v", "conv", "from", "device", "seq", "prev");
    private static final Set<String> GROUP_KEYS = Set.of("v", "conv", "from", "device", "seq", "prev", "epoch");
    /** Epochs count from 1, so 0 marks a 1:1 header, which has none. */
    private static final long NO_EPOCH = 0;

    private final String conversationId;
    private final String senderUserId;
    private final DeviceId deviceId;
    private final long seq;
    private final byte[] prevHash;
    private final long epoch;
    private final String canonicalJson;

    MessageHeader(String conversationId, String senderUserId, DeviceId deviceId, long seq, byte[] prevHash) {
        this(conversationId, senderUserId, deviceId, seq, prevHash, NO_EPOCH);
    }

    private MessageHeader(String conversationId, String senderUserId, DeviceId deviceId, long seq, byte[] prevHash,
            long epoch) {
        if (seq < 1 || seq > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new ProtocolFormatException("seq starts at 1 and stays a safe integer, got " + seq);
        }
        if (prevHash.length != Sha256.LENGTH) {
            throw new ProtocolFormatException("prev must be a " + Sha256.LENGTH + "-byte hash");
        }
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.senderUserId = Objects.requireNonNull(senderUserId, "senderUserId");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.seq = seq;
        this.prevHash = prevHash.clone();
        this.epoch = epoch;
        // Computed up front so that a header canonical JSON cannot write is refused when it is made.
        this.canonicalJson = CanonicalJson.serialize(toJson());
    }

    /** A group message's header; {@code epoch} counts from 1. */
    static MessageHeader group(String groupId, String senderUserId, DeviceId deviceId, long seq, byte[] prevHash,
            long epoch) {
        return new MessageHeader(groupId, senderUserId, deviceId, seq, prevHash, requireEpoch(epoch));
    }

    private static long requireEpoch(long epoch) {
        if (epoch < 1 || epoch > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new ProtocolFormatException("a group's epoch starts at 1 and stays a safe integer, got " + epoch);
        }
        return epoch;
    }

    /** The conversation id, or a group message's group id. */
    public String conversationId() {
        return conversationId;
    }

    public String senderUserId() {
        return senderUserId;
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public long seq() {
        return seq;
    }

    public byte[] prevHash() {
        return prevHash.clone();
    }

    /** The membership version a group message was sealed for; empty for a 1:1 message. */
    public OptionalLong epoch() {
        return epoch == NO_EPOCH ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** The canonical JSON of the header; its UTF-8 bytes are the AES-GCM associated data. */
    public String canonicalJson() {
        return canonicalJson;
    }

    byte[] aad() {
        return Utf8.encode(canonicalJson);
    }

    ObjectNode toJson() {
        ObjectNode json = StrictJson.newObject();
        json.put("v", VERSION);
        json.put("conv", conversationId);
        json.put("from", senderUserId);
        json.put("device", deviceId.toBase64Url());
        json.put("seq", seq);
        json.put("prev", Base64Url.encode(prevHash));
        if (epoch != NO_EPOCH) {
            json.put("epoch", epoch);
        }
        return json;
    }

    /**
     * Reads a 1:1 header strictly: exactly the six keys, version 1, well-formed values. Whatever
     * passes re-serialises to the same canonical JSON the sender authenticated, because the
     * canonical form depends only on these values.
     */
    static MessageHeader fromJson(JsonNode json) {
        String what = "a message header";
        ObjectNode header = StrictJson.objectWithKeys(json, what, KEYS);
        return read(header, what, NO_EPOCH);
    }

    /** Reads a group message's header as strictly: exactly the seven keys, the epoch at least 1. */
    static MessageHeader groupFromJson(JsonNode json) {
        String what = "a group message header";
        ObjectNode header = StrictJson.objectWithKeys(json, what, GROUP_KEYS);
        return read(header, what, requireEpoch(StrictJson.integer(header, "epoch", what)));
    }

    private static MessageHeader read(ObjectNode header, String what, long epoch) {
        long version = StrictJson.integer(header, "v", what);
        if (version != VERSION) {
            throw new ProtocolFormatException("this client reads message version " + VERSION + ", got " + version);
        }
        return new MessageHeader(
                StrictJson.string(header, "conv", what),
                StrictJson.string(header, "from", what),
                DeviceId.fromBase64Url(StrictJson.string(header, "device", what)),
                StrictJson.integer(header, "seq", what),
                Base64Url.decode(StrictJson.string(header, "prev", what), Sha256.LENGTH, "prev"),
                epoch);
    }

    @Override
    public String toString() {
        return "MessageHeader" + canonicalJson;
    }
}

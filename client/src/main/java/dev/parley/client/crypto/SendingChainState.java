package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * Where a {@link SendingChain} stands: the seq its next message gets and the hash that message
 * names as {@code prev}. A client saves it after every message it sends, so that after a
 * restart it neither reuses a seq nor breaks the chain.
 *
 * <p>JSON form: {@code {"conv":"...","device":"...","from":"...","nextSeq":n,"prev":"<b64url>"}}.
 */
public final class SendingChainState {

    private static final Set<String> KEYS = Set.of("conv", "from", "device", "nextSeq", "prev");

    private final String conversationId;
    private final String senderUserId;
    private final DeviceId deviceId;
    private final long nextSeq;
    private final byte[] prevHash;

    SendingChainState(String conversationId, String senderUserId, DeviceId deviceId, long nextSeq, byte[] prevHash) {
        if (nextSeq < 1) {
            throw new ProtocolFormatException("the next seq is at least 1, got " + nextSeq);
        }
        if (prevHash.length != Sha256.LENGTH) {
            throw new ProtocolFormatException("prev must be a " + Sha256.LENGTH + "-byte hash");
        }
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.senderUserId = Objects.requireNonNull(senderUserId, "senderUserId");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.nextSeq = nextSeq;
        this.prevHash = prevHash.clone();
    }

    public String conversationId() {
        return conversationId;
    }

    public String senderUserId() {
        return senderUserId;
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public long nextSeq() {
        return nextSeq;
    }

    public byte[] prevHash() {
        return prevHash.clone();
    }

    public String toJson() {
        ObjectNode json = StrictJson.newObject();
        json.put("conv", conversationId);
        json.put("from", senderUserId);
        json.put("device", deviceId.toBase64Url());
        json.put("nextSeq", nextSeq);
        json.put("prev", Base64Url.encode(prevHash));
        return CanonicalJson.serialize(json);
    }

    /** @throws ProtocolFormatException if {@code json} is not a saved sending chain state */
    public static SendingChainState fromJson(String json) {
        String what = "a sending chain state";
        ObjectNode state = StrictJson.objectWithKeys(StrictJson.parse(json, what), what, KEYS);
        return new SendingChainState(
                StrictJson.string(state, "conv", what),
                StrictJson.string(state, "from", what),
                DeviceId.fromBase64Url(StrictJson.string(state, "device", what)),
                StrictJson.integer(state, "nextSeq", what),
                Base64Url.decode(StrictJson.string(state, "prev", what), Sha256.LENGTH, "prev"));
    }
}

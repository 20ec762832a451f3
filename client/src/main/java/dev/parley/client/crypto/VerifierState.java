package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a {@link MessageVerifier}'s chains stand: per device of the sender, the last accepted seq and that message's
 * hash. A client saves it as messages arrive and resumes from it after a restart, so that the first message it reads
 * then is checked like every other (PROTOCOL.md §4, 1.1) instead of starting a chain anywhere.
 *
 * <p>JSON form: {@code {"chains":{"<device>":{"hash":"<b64url>","seq":n},...},"conv":"...","from":"..."}}.
 */
public final class VerifierState {

    private static final Set<String> KEYS = Set.of("conv", "from", "chains");
    private static final Set<String> CHAIN_KEYS = Set.of("seq", "hash");

    /** The last message seen on one device's chain. */
    public record Position(long seq, byte[] hash) {
        public Position {
            if (seq < 0 || hash.length != Sha256.LENGTH) {
                throw new ProtocolFormatException("a chain position has a seq of at least 0 and a 32-byte hash");
            }
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Position position && position.seq == seq
                    && Arrays.equals(position.hash, hash);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq) * 31 + Arrays.hashCode(hash);
        }

        @Override
        public String toString() {
            return "Position[seq=" + seq + "]";
        }
    }

    private final String conversationId;
    private final String senderUserId;
    private final Map<DeviceId, Position> chains;

    public VerifierState(String conversationId, String senderUserId, Map<DeviceId, Position> chains) {
        this.conversationId = Objects.requireNonNull(conversationId, "conversationId");
        this.senderUserId = Objects.requireNonNull(senderUserId, "senderUserId");
        this.chains = Map.copyOf(chains);
    }

    public String conversationId() {
        return conversationId;
    }

    public String senderUserId() {
        return senderUserId;
    }

    public Map<DeviceId, Position> chains() {
        return Collections.unmodifiableMap(chains);
    }

    public String toJson() {
        ObjectNode json = StrictJson.newObject();
        json.put("conv", conversationId);
        json.put("from", senderUserId);
        ObjectNode chainsJson = json.putObject("chains");
        toText().forEach(chainsJson::set);
        return CanonicalJson.serialize(json);
    }

    private Map<String, ObjectNode> toText() {
        Map<String, ObjectNode> text = new TreeMap<>();
        chains.forEach((device, position) -> {
            ObjectNode chain = StrictJson.newObject();
            chain.put("seq", position.seq());
            chain.put("hash", Base64Url.encode(position.hash));
            text.put(device.toBase64Url(), chain);
        });
        return text;
    }

    /** @throws ProtocolFormatException if {@code json} is not a saved verifier state */
    public static VerifierState fromJson(String json) {
        String what = "a verifier state";
        ObjectNode state = StrictJson.objectWithKeys(StrictJson.parse(json, what), what, KEYS);
        Map<DeviceId, Position> chains = new TreeMap<>(Comparator.comparing(DeviceId::toBase64Url));
        for (Map.Entry<String, JsonNode> chain : StrictJson.object(state.get("chains"), what + "'s chains").properties()) {
            ObjectNode position = StrictJson.objectWithKeys(chain.getValue(), "a chain position", CHAIN_KEYS);
            chains.put(DeviceId.fromBase64Url(chain.getKey()), new Position(StrictJson.integer(position, "seq", what),
                    Base64Url.decode(StrictJson.string(position, "hash", what), Sha256.LENGTH, "a chain's hash")));
        }
        return new VerifierState(StrictJson.string(state, "conv", what), StrictJson.string(state, "from", what), chains);
    }
}

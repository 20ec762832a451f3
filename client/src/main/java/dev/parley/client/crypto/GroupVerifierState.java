package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.parley.client.crypto.VerifierState.Position;

/**
 * Where a {@link GroupVerifier}'s chains stand: per (sender, device), the last accepted seq, that message's hash and
 * its epoch (which tells whether the chain was met in the reader's present membership period).
 * A client saves it as group messages arrive and resumes from it after a restart, or when the membership changed and
 * the verifier is made again with the new epochs and keys, so that no chain starts again and no replay passes.
 *
 * <p>JSON form: {@code {"chains":{"<sender>":{"<device>":{"epoch":e,"hash":"<b64url>","seq":n},...},...},"group":"...",
 * "reader":"..."}}.
 */
public final class GroupVerifierState {

    private static final Set<String> KEYS = Set.of("group", "reader", "chains");
    private static final Set<String> CHAIN_KEYS = Set.of("seq", "hash", "epoch");

    /** One device's messages of one sender. */
    public record Chain(String senderUserId, DeviceId deviceId) {
        public Chain {
            Objects.requireNonNull(senderUserId, "senderUserId");
            Objects.requireNonNull(deviceId, "deviceId");
        }
    }

    private final String groupId;
    private final String readerUserId;
    private final Map<Chain, Position> chains;
    private final Map<Chain, Long> chainEpochs;

    /** @param chainEpochs per chain, the epoch of the last message that moved it; the same chains as {@code chains} */
    public GroupVerifierState(String groupId, String readerUserId, Map<Chain, Position> chains,
            Map<Chain, Long> chainEpochs) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.readerUserId = Objects.requireNonNull(readerUserId, "readerUserId");
        this.chains = Map.copyOf(chains);
        this.chainEpochs = Map.copyOf(chainEpochs);
        if (!this.chains.keySet().equals(this.chainEpochs.keySet())) {
            throw new IllegalArgumentException("every chain has a position and an epoch, and nothing else does");
        }
    }

    public String groupId() {
        return groupId;
    }

    public String readerUserId() {
        return readerUserId;
    }

    public Map<Chain, Position> chains() {
        return Collections.unmodifiableMap(chains);
    }

    public Map<Chain, Long> chainEpochs() {
        return Collections.unmodifiableMap(chainEpochs);
    }

    public String toJson() {
        Map<String, Map<String, ObjectNode>> bySender = new TreeMap<>();
        chains.forEach((chain, position) -> {
            ObjectNode positionJson = StrictJson.newObject();
            positionJson.put("seq", position.seq());
            positionJson.put("hash", Base64Url.encode(position.hash()));
            positionJson.put("epoch", chainEpochs.get(chain));
            bySender.computeIfAbsent(chain.senderUserId(), sender -> new TreeMap<>())
                    .put(chain.deviceId().toBase64Url(), positionJson);
        });
        ObjectNode json = StrictJson.newObject();
        json.put("group", groupId);
        json.put("reader", readerUserId);
        ObjectNode chainsJson = json.putObject("chains");
        bySender.forEach((sender, devices) -> devices.forEach(chainsJson.putObject(sender)::set));
        return CanonicalJson.serialize(json);
    }

    /** @throws ProtocolFormatException if {@code json} is not a saved group verifier state */
    public static GroupVerifierState fromJson(String json) {
        String what = "a group verifier state";
        ObjectNode state = StrictJson.objectWithKeys(StrictJson.parse(json, what), what, KEYS);
        Map<Chain, Position> chains = new HashMap<>();
        Map<Chain, Long> chainEpochs = new HashMap<>();
        for (Map.Entry<String, JsonNode> sender : StrictJson.object(state.get("chains"), what + "'s chains").properties()) {
            for (Map.Entry<String, JsonNode> device : StrictJson.object(sender.getValue(), "a sender's chains").properties()) {
                ObjectNode position = StrictJson.objectWithKeys(device.getValue(), "a chain position", CHAIN_KEYS);
                Chain chain = new Chain(sender.getKey(), DeviceId.fromBase64Url(device.getKey()));
                chains.put(chain, new Position(StrictJson.integer(position, "seq", what),
                        Base64Url.decode(StrictJson.string(position, "hash", what), Sha256.LENGTH, "a chain's hash")));
                chainEpochs.put(chain, StrictJson.integer(position, "epoch", what));
            }
        }
        return new GroupVerifierState(StrictJson.string(state, "group", what), StrictJson.string(state, "reader", what),
                chains, chainEpochs);
    }
}

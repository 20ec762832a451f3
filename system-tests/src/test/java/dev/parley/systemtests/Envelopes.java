package dev.parley.systemtests;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Frames around envelopes of PROTOCOL.md §4's shape (§7's for a group). The server cannot read an envelope, so it can only check its
 * shape, its sender and its conversation: these envelopes pass the shape check (their bytes are random, so no client
 * would accept them), which leaves the sender and conversation checks to refuse them.
 */
final class Envelopes {

    private Envelopes() {
    }

    /**
     * The device the raw sockets of these tests are opened with: the server refuses an envelope whose header names
     * another device than its socket's ({@code device_mismatch}), before any sender or conversation check.
     */
    static final String DEVICE = BadValues.base64(16);

    static ObjectNode wellFormed(UUID conversationId, UUID from) {
        return wellFormed(conversationId, from, DEVICE);
    }

    static ObjectNode wellFormed(UUID conversationId, UUID from, String device) {
        ObjectNode envelope = Gateway.JSON.createObjectNode();
        envelope.putObject("header").put("v", 1).put("conv", conversationId.toString()).put("from", from.toString())
                .put("device", device).put("seq", 1_000_000).put("prev", BadValues.base64(32));
        envelope.put("nonce", BadValues.base64(12)).put("ciphertext", BadValues.base64(48));
        return envelope;
    }

    /**
     * A group envelope of PROTOCOL.md §7's shape for the epoch, its key "wrapped" (92 random bytes) for each of
     * {@code recipients}.
     */
    static ObjectNode wellFormedGroup(UUID groupId, UUID from, String device, int epoch, List<UUID> recipients) {
        ObjectNode envelope = wellFormed(groupId, from, device);
        ((ObjectNode) envelope.get("header")).put("epoch", epoch);
        ObjectNode keys = envelope.putObject("keys");
        recipients.forEach(recipient -> keys.put(recipient.toString(), BadValues.base64(92)));
        return envelope;
    }

    static String send(String clientId, ObjectNode envelope) {
        ObjectNode frame = Gateway.JSON.createObjectNode().put("type", "send").put("id", clientId);
        frame.set("envelope", envelope);
        return frame.toString();
    }

    static String delivered(UUID conversationId, UUID upTo) {
        return Gateway.JSON.createObjectNode().put("type", "delivered").put("conversationId", conversationId.toString())
                .put("upTo", upTo.toString()).toString();
    }

    static String groupDelivered(UUID groupId, UUID upTo) {
        return Gateway.JSON.createObjectNode().put("type", "group-delivered").put("groupId", groupId.toString())
                .put("upTo", upTo.toString()).toString();
    }

    static String groupTyping(UUID groupId) {
        return Gateway.JSON.createObjectNode().put("type", "typing").put("groupId", groupId.toString()).toString();
    }

    static String refresh(String token) {
        return Gateway.JSON.createObjectNode().put("type", "refresh").put("token", token).toString();
    }
}

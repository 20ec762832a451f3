package dev.parley.client.chat;

import java.util.Optional;
import java.util.UUID;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.GroupVerifierState;
import dev.parley.client.crypto.SendingChainState;
import dev.parley.client.state.ClientStateStore;

/**
 * Where one device stands in one group, kept like {@link ConversationState} for 1:1 conversations: its sending chain,
 * so that a restarted client continues it, and the checks of received messages (the last message seen and every
 * (sender, device) chain) as one value, so that a restarted client accepts no replay and misses no gap.
 */
final class GroupState {

    /** What the checks of received messages had reached. */
    record Received(UUID lastSeen, GroupVerifierState chains) {
    }

    private final SavedRoom saved;

    /** @param store null keeps nothing (the chains live as long as the client) */
    GroupState(ClientStateStore store, UUID userId, DeviceId deviceId, UUID groupId) {
        this.saved = new SavedRoom(store, "group/" + userId + "/" + deviceId.toBase64Url() + "/" + groupId + "/",
                "group");
    }

    Optional<SendingChainState> sending() {
        return saved.sending();
    }

    void saveSending(SendingChainState state) {
        saved.saveSending(state);
    }

    Optional<Received> received() {
        return saved.received(json -> new Received(UUID.fromString(json.get("lastSeen").asText()),
                GroupVerifierState.fromJson(json.get("chains").asText())));
    }

    void saveReceived(Received received) {
        saved.saveReceived(saved.newObject().put("lastSeen", received.lastSeen().toString())
                .put("chains", received.chains().toJson()));
    }
}

package dev.parley.client.chat;

import java.util.Optional;
import java.util.UUID;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.SendingChainState;
import dev.parley.client.crypto.VerifierState;
import dev.parley.client.state.ClientStateStore;

/**
 * Where one device stands in one conversation, kept in the client's {@link ClientStateStore} so that a restarted
 * client neither starts its own chain again at seq 1 (the server would refuse the seq, or the friend see a replay) nor
 * checks the first message it reads against nothing (PROTOCOL.md §4, 1.1). The receiving side (the last message seen
 * and both verifiers' chains) is one value, written at once, so that it never names a message its chains do not
 * include.
 */
final class ConversationState {

    /** What the checks of received messages had reached. */
    record Received(UUID lastSeen, VerifierState fromFriend, VerifierState fromOwnDevices) {
    }

    private final SavedRoom saved;

    /** @param store null keeps nothing (the chains live as long as the client) */
    ConversationState(ClientStateStore store, UUID userId, DeviceId deviceId, UUID conversationId) {
        this.saved = new SavedRoom(store, "chat/" + userId + "/" + deviceId.toBase64Url() + "/" + conversationId + "/",
                "conversation");
    }

    Optional<SendingChainState> sending() {
        return saved.sending();
    }

    void saveSending(SendingChainState state) {
        saved.saveSending(state);
    }

    Optional<Received> received() {
        return saved.received(json -> new Received(UUID.fromString(json.get("lastSeen").asText()),
                VerifierState.fromJson(json.get("friend").asText()),
                VerifierState.fromJson(json.get("own").asText())));
    }

    void saveReceived(Received received) {
        saved.saveReceived(saved.newObject().put("lastSeen", received.lastSeen().toString())
                .put("friend", received.fromFriend().toJson()).put("own", received.fromOwnDevices().toJson()));
    }
}

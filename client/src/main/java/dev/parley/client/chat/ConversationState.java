package dev.parley.client.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.ProtocolFormatException;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the checks of received messages had reached. */
    record Received(UUID lastSeen, VerifierState fromFriend, VerifierState fromOwnDevices) {
    }

    private final ClientStateStore store;
    private final String prefix;

    /** @param store null keeps nothing (the chains live as long as the client) */
    ConversationState(ClientStateStore store, UUID userId, DeviceId deviceId, UUID conversationId) {
        this.store = store;
        this.prefix = "chat/" + userId + "/" + deviceId.toBase64Url() + "/" + conversationId + "/";
    }

    Optional<SendingChainState> sending() {
        return read("sending").map(SendingChainState::fromJson);
    }

    void saveSending(SendingChainState state) {
        if (store != null) {
            store.write(prefix + "sending", state.toJson());
        }
    }

    Optional<Received> received() {
        return read("received").map(text -> {
            try {
                JsonNode json = JSON.readTree(text);
                return new Received(UUID.fromString(json.get("lastSeen").asText()),
                        VerifierState.fromJson(json.get("friend").asText()),
                        VerifierState.fromJson(json.get("own").asText()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The saved checks of conversation " + prefix + " are unreadable", e);
            }
        });
    }

    void saveReceived(Received received) {
        if (store == null) {
            return;
        }
        ObjectNode json = JSON.createObjectNode().put("lastSeen", received.lastSeen().toString())
                .put("friend", received.fromFriend().toJson()).put("own", received.fromOwnDevices().toJson());
        try {
            store.write(prefix + "received", JSON.writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> read(String key) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.read(prefix + key);
        } catch (ProtocolFormatException e) {
            throw new IllegalStateException("The saved state " + prefix + key + " is unreadable", e);
        }
    }
}

package dev.parley.client.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.GroupVerifierState;
import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.client.crypto.SendingChainState;
import dev.parley.client.state.ClientStateStore;

/**
 * Where one device stands in one group, kept like {@link ConversationState} for 1:1 conversations: its sending chain,
 * so that a restarted client continues it, and the checks of received messages (the last message seen and every
 * (sender, device) chain) as one value, so that a restarted client accepts no replay and misses no gap.
 */
final class GroupState {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the checks of received messages had reached. */
    record Received(UUID lastSeen, GroupVerifierState chains) {
    }

    private final ClientStateStore store;
    private final String prefix;

    /** @param store null keeps nothing (the chains live as long as the client) */
    GroupState(ClientStateStore store, UUID userId, DeviceId deviceId, UUID groupId) {
        this.store = store;
        this.prefix = "group/" + userId + "/" + deviceId.toBase64Url() + "/" + groupId + "/";
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
                        GroupVerifierState.fromJson(json.get("chains").asText()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The saved checks of group " + prefix + " are unreadable", e);
            }
        });
    }

    void saveReceived(Received received) {
        if (store == null) {
            return;
        }
        ObjectNode json = JSON.createObjectNode().put("lastSeen", received.lastSeen().toString())
                .put("chains", received.chains().toJson());
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

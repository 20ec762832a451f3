package dev.parley.client.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.client.crypto.SendingChainState;
import dev.parley.client.state.ClientStateStore;

/**
 * Where one device stands in one room (a conversation or a group), under one prefix of the client's
 * {@link ClientStateStore}: its sending chain, and the checks of received messages as one JSON value written at once.
 * {@link ConversationState} and {@link GroupState} say what the received checks hold.
 */
final class SavedRoom {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientStateStore store;
    private final String prefix;
    private final String what;

    /**
     * @param store null keeps nothing (the chains live as long as the client)
     * @param what  the room as the errors name it, such as "conversation"
     */
    SavedRoom(ClientStateStore store, String prefix, String what) {
        this.store = store;
        this.prefix = prefix;
        this.what = what;
    }

    Optional<SendingChainState> sending() {
        return read("sending").map(SendingChainState::fromJson);
    }

    void saveSending(SendingChainState state) {
        if (store != null) {
            store.write(prefix + "sending", state.toJson());
        }
    }

    /** The saved checks, read by {@code parse} from their JSON object. */
    <T> Optional<T> received(Function<JsonNode, T> parse) {
        return read("received").map(text -> {
            try {
                return parse.apply(JSON.readTree(text));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The saved checks of " + what + " " + prefix + " are unreadable", e);
            }
        });
    }

    /** A new JSON object for {@link #saveReceived}. */
    ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    void saveReceived(ObjectNode received) {
        if (store == null) {
            return;
        }
        try {
            store.write(prefix + "received", JSON.writeValueAsString(received));
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

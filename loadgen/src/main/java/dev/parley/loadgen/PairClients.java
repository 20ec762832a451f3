package dev.parley.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.crypto.DeviceId;
import dev.parley.loadgen.BenchUsers.SignedIn;
import dev.parley.loadgen.Pairs.Pair;

/**
 * Both users of every pair connected over WebSockets through the gateway, each a new device that joined the pair's
 * conversation after what earlier runs left in it.
 */
final class PairClients implements AutoCloseable {

    /**
     * One user's side of a pair's conversation. {@code newestBefore}: the conversation's newest message when the
     * side joined (null for an empty conversation), so that this run's messages are the ones after it.
     */
    record Side(SignedIn user, DeviceId device, ChatClient client, Conversation conversation, UUID newestBefore) {
    }

    private final List<Side> sides;

    private PairClients(List<Side> sides) {
        this.sides = sides;
    }

    /** Connects both sides of every pair; returns once every socket is ready. */
    static PairClients connect(Http http, List<Pair> pairs, ChatListener listener) {
        System.out.printf("Connecting %d clients...%n", pairs.size() * 2);
        List<Side> first = new ArrayList<>();
        List<Side> second = new ArrayList<>();
        try {
            for (Pair pair : pairs) {
                first.add(side(http, pair.first(), pair.conversationId(), listener));
                second.add(side(http, pair.second(), pair.conversationId(), listener));
            }
            List<Side> sides = new ArrayList<>(first);
            sides.addAll(second);
            sides.stream().map(side -> side.client().connect()).toList().forEach(CompletableFuture::join);
            return new PairClients(sides);
        } catch (RuntimeException e) {
            first.forEach(side -> side.client().close());
            second.forEach(side -> side.client().close());
            throw e;
        }
    }

    private static Side side(Http http, SignedIn user, UUID conversationId, ChatListener listener) {
        DeviceId device = DeviceId.random();
        ChatClient client = ChatClient.builder().server(http.base()).httpClient(http.client())
                .user(user.userId(), user.identity()).deviceId(device)
                .accessToken(user::accessToken).listener(listener).build();
        HistoryPage newest = client.api().newest(conversationId, 1);
        UUID newestBefore = newest.messages().isEmpty() ? null : newest.messages().get(0).id();
        Conversation conversation = client.join(client.api().conversation(conversationId), newestBefore);
        return new Side(user, device, client, conversation, newestBefore);
    }

    /** Every side: the first users of all pairs, then the second ones (so round-robin alternates directions). */
    List<Side> sides() {
        return sides;
    }

    @Override
    public void close() {
        sides.forEach(side -> side.client().close());
    }
}

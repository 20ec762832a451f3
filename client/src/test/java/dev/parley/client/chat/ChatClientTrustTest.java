package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.Friend;
import dev.parley.client.crypto.ConversationKey;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IntegrityProblem;
import dev.parley.client.crypto.KeyVault;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.client.crypto.MessageVerifier;
import dev.parley.client.crypto.SafetyNumber;
import dev.parley.client.crypto.SendingChain;
import dev.parley.client.crypto.VerificationResult;
import dev.parley.client.state.ClientStateStore;

/**
 * A client that does not trust its server (PROTOCOL.md 1.1): a friend's key the server swaps is not used until the
 * user accepts it, a restarted device resumes its chains from its saved state, and a revoked session ends the client.
 */
class ChatClientTrustTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID me = UUID.randomUUID();
    private final IdentityKeyPair myIdentity = IdentityKeyPair.generate();
    private final UUID friendId = UUID.randomUUID();
    private final IdentityKeyPair friendIdentity = IdentityKeyPair.generate();
    private final UUID conversationId = UUID.randomUUID();

    @Test
    void aFriendsKeySwappedByTheServerIsNeverEncryptedToUntilTheUserAcceptsIt() throws Exception {
        KeyVault vault = KeyVault.create(myIdentity);
        List<KeyVault> uploads = new CopyOnWriteArrayList<>();
        PinnedKeys pins = PinnedKeys.inVault(vault, uploads::add);
        IdentityKeyPair swapped = IdentityKeyPair.generate();
        try (FakeChatServer server = new FakeChatServer()) {
            try (ChatClient client = client(server, pins, null, DeviceId.random())) {
                client.connect().get(10, TimeUnit.SECONDS);
                client.join(info(friendIdentity)).send("hello").get(10, TimeUnit.SECONDS);
            }
            assertThat(uploads).as("the first key seen is pinned in the vault, which is saved").hasSize(1);

            try (ChatClient restarted = client(server, pins, null, DeviceId.random())) {
                restarted.connect().get(10, TimeUnit.SECONDS);
                ConversationInfo withSwappedKey = info(swapped);

                FriendKeyChangedException change = catchChange(() -> restarted.join(withSwappedKey));

                assertThat(change.pinnedKey()).isEqualTo(friendIdentity.publicKey());
                assertThat(change.presentedKey()).isEqualTo(swapped.publicKey());
                assertThat(change.pinnedSafetyNumber()).isEqualTo(SafetyNumber.of(myIdentity.publicKey(), friendIdentity.publicKey()));
                assertThat(change.presentedSafetyNumber()).isEqualTo(SafetyNumber.of(myIdentity.publicKey(), swapped.publicKey()));
                assertThatThrownBy(() -> restarted.join(withSwappedKey)).as("asked again, still refused")
                        .isInstanceOf(FriendKeyChangedException.class);
                assertThat(server.sends).as("nothing sent since the swap").hasSize(1);
                assertThat(vault.pinnedKey(friendId.toString())).contains(friendIdentity.publicKey());

                restarted.acceptFriendKey(change);
                restarted.join(withSwappedKey).send("after comparing").get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(vault.pinnedKey(friendId.toString())).contains(swapped.publicKey());
        assertThat(uploads).as("the accepted key is saved too").hasSize(2);
    }

    @Test
    void aRestartedDeviceThatKeepsItsIdContinuesItsChainInsteadOfStartingAtSeqOne(@TempDir Path folder) throws Exception {
        DeviceId device = DeviceId.random();
        try (FakeChatServer server = new FakeChatServer()) {
            try (ChatClient client = client(server, PinnedKeys.inMemory(), ClientStateStore.inFolder(folder), device)) {
                client.connect().get(10, TimeUnit.SECONDS);
                Conversation conversation = client.join(info(friendIdentity));
                conversation.send("one").get(10, TimeUnit.SECONDS);
                conversation.send("two").get(10, TimeUnit.SECONDS);
            }
            try (ChatClient restarted = client(server, PinnedKeys.inMemory(), ClientStateStore.inFolder(folder), device)) {
                restarted.connect().get(10, TimeUnit.SECONDS);
                restarted.join(info(friendIdentity)).send("three").get(10, TimeUnit.SECONDS);
            }
            MessageVerifier friendsView = new MessageVerifier(friendsKey(), me.toString());
            assertThat(server.sends).extracting(send -> friendsView.verify(send.get("envelope").toString()))
                    .as("the friend reads one unbroken chain across the restart")
                    .allMatch(VerificationResult::isIntact)
                    .extracting(result -> result.message().orElseThrow().header().seq()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aRestartedClientChecksTheFirstMessageItReadsAgainstTheChainsItSaved(@TempDir Path folder) throws Exception {
        SendingChain friendsChain = SendingChain.start(friendsKey(), friendId.toString(), DeviceId.random());
        List<MessageEnvelope> sent = new CopyOnWriteArrayList<>();
        for (String text : List.of("one", "two", "three, dropped by the server", "four")) {
            sent.add(friendsChain.seal(new MessageBody(text, Instant.now())));
        }
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        DeviceId device = DeviceId.random();
        try (FakeChatServer server = new FakeChatServer()) {
            for (int index : new int[] {0, 1, 3}) {
                server.historyPage = page(ids.get(index), sent.get(index));
                int before = received.size();
                try (ChatClient client = client(server, PinnedKeys.inMemory(), ClientStateStore.inFolder(folder), device,
                        received)) {
                    client.connect().get(10, TimeUnit.SECONDS);
                    client.join(info(friendIdentity));
                    awaitSize(received, before + 1);
                }
            }
            assertThat(server.restRequests).as("each restart catches up after the last message seen before it")
                    .anyMatch(request -> request.contains("after=" + ids.get(0)))
                    .anyMatch(request -> request.contains("after=" + ids.get(1)));
        }
        assertThat(received).extracting(message -> message.verification().problem().map(Enum::name).orElse("INTACT"))
                .as("the second message, first after a restart, continues the saved chain; the fourth has a gap before it")
                .containsExactly("INTACT", "INTACT", "DROPPED");
    }

    @Test
    void aRevokedSessionEndsTheClientWithoutReconnecting() throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try (FakeChatServer server = new FakeChatServer();
                ChatClient client = ChatClient.builder().server(server.uri()).user(me, myIdentity).deviceId(DeviceId.random())
                        .accessToken(() -> "a token").listener(new ChatListener() {
                            @Override
                            public void onSessionEnded() {
                                ended.complete(null);
                            }
                        }).build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            server.answering = false;
            CompletableFuture<SendReceipt> unsent = client.join(info(friendIdentity)).send("not stored");
            awaitSize(server.sends, 1);

            server.endSession();

            ended.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> unsent.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SessionEndedException.class);
            Thread.sleep(1_000);
            assertThat(server.upgrades).as("no reconnect after the session ended").hasSize(1);
            assertThat(client.isConnected()).isFalse();
        }
    }

    private ChatClient client(FakeChatServer server, PinnedKeys pins, ClientStateStore state, DeviceId device) {
        return client(server, pins, state, device, new CopyOnWriteArrayList<>());
    }

    private ChatClient client(FakeChatServer server, PinnedKeys pins, ClientStateStore state, DeviceId device,
            List<ReceivedMessage> received) {
        return ChatClient.builder().server(server.uri()).user(me, myIdentity).deviceId(device)
                .accessToken(() -> "a token").pinnedKeys(pins).state(state).listener(new ChatListener() {
                    @Override
                    public void onMessage(ReceivedMessage message) {
                        received.add(message);
                    }
                }).build();
    }

    private ConversationInfo info(IdentityKeyPair friendKey) {
        return new ConversationInfo(conversationId, new Friend(friendId, "friend", friendKey.publicKey().toBase64Url()),
                Instant.now(), Instant.now(), 0);
    }

    private ConversationKey friendsKey() {
        return ConversationKey.derive(friendIdentity, myIdentity.publicKey(), conversationId.toString());
    }

    private String page(UUID messageId, MessageEnvelope envelope) throws Exception {
        ObjectNode page = JSON.createObjectNode().put("hasMore", false);
        ArrayNode messages = page.putArray("messages");
        messages.addObject().put("id", messageId.toString()).put("conversationId", conversationId.toString())
                .put("senderId", friendId.toString()).put("storedAt", Instant.now().toString())
                .set("envelope", JSON.readTree(envelope.toJson()));
        return JSON.writeValueAsString(page);
    }

    private static FriendKeyChangedException catchChange(Runnable join) {
        try {
            join.run();
        } catch (FriendKeyChangedException e) {
            return e;
        }
        throw new AssertionError("the changed key was not refused");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + size + " within 10 s: " + list);
            }
            Thread.sleep(10);
        }
    }
}

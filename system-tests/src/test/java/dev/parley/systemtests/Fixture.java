package dev.parley.systemtests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.crypto.DeviceId;

/**
 * Five real users and what lies between them, made once for every test class:
 * <ul>
 * <li>alice and bob are friends and have a conversation: one message each way, both delivered, bob's unread by
 * alice (so a read marker that moved would show);</li>
 * <li>carol and dave are friends with a conversation of their own (one message each way): the "other users"
 * whose things alice must not reach;</li>
 * <li>carol has asked alice to be friends (pending), alice has asked dave (pending);</li>
 * <li>erin knows no one.</li>
 * </ul>
 * Tests must leave all of it as they found it ({@link StateSnapshot}).
 */
final class Fixture {

    private static final AtomicInteger NAMES = new AtomicInteger();

    final String runId;
    final TestUser alice;
    final TestUser bob;
    final TestUser carol;
    final TestUser dave;
    final TestUser erin;
    final UUID conversationAB;
    final UUID conversationCD;
    final UUID requestCarolToAlice;
    final UUID requestAliceToDave;
    final UUID aliceMessageAB;
    final UUID bobMessageAB;
    final UUID carolMessageCD;
    final UUID daveMessageCD;
    /** alice's group with bob ("Fixture AB", alice its creator), and carol's with dave ("Fixture CD"). */
    final UUID groupAB;
    final UUID groupCD;
    /** alice's message in her conversation with bob, exactly as stored: a resend of it stores nothing new. */
    final String aliceEnvelopeAB;

    private Fixture(String runId, List<TestUser> users, Map<String, UUID> ids, String aliceEnvelopeAB) {
        this.runId = runId;
        this.alice = users.get(0);
        this.bob = users.get(1);
        this.carol = users.get(2);
        this.dave = users.get(3);
        this.erin = users.get(4);
        this.conversationAB = ids.get("conversationAB");
        this.conversationCD = ids.get("conversationCD");
        this.requestCarolToAlice = ids.get("requestCarolToAlice");
        this.requestAliceToDave = ids.get("requestAliceToDave");
        this.aliceMessageAB = ids.get("aliceMessageAB");
        this.bobMessageAB = ids.get("bobMessageAB");
        this.carolMessageCD = ids.get("carolMessageCD");
        this.daveMessageCD = ids.get("daveMessageCD");
        this.groupAB = ids.get("groupAB");
        this.groupCD = ids.get("groupCD");
        this.aliceEnvelopeAB = aliceEnvelopeAB;
    }

    List<TestUser> users() {
        return List.of(alice, bob, carol, dave, erin);
    }

    /** A username no one has, for the run: letters and digits only, as the sign-up rules want. */
    String freshUsername(String prefix) {
        return prefix + runId + NAMES.incrementAndGet();
    }

    static Fixture create(SystemStack stack) {
        long begin = System.nanoTime();
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<TestUser> users = signUpAll(stack, List.of("alice", "bob", "carol", "dave", "erin"), runId);
        long signedUp = System.nanoTime();
        TestUser alice = users.get(0);
        TestUser bob = users.get(1);
        TestUser carol = users.get(2);
        TestUser dave = users.get(3);

        Map<String, UUID> ids = new HashMap<>();
        sendRequest(stack, alice, bob);
        approve(stack, bob, alice);
        sendRequest(stack, carol, dave);
        approve(stack, dave, carol);
        ids.put("requestCarolToAlice", sendRequest(stack, carol, alice));
        ids.put("requestAliceToDave", sendRequest(stack, alice, dave));

        long befriended = System.nanoTime();
        ConversationInfo ab = awaitFriendshipKnown(stack, alice, bob);
        ConversationInfo cd = awaitFriendshipKnown(stack, carol, dave);
        ids.put("conversationAB", ab.id());
        ids.put("conversationCD", cd.id());
        ids.put("groupAB", createGroup(stack, alice, "Fixture AB", bob));
        ids.put("groupCD", createGroup(stack, carol, "Fixture CD", dave));
        long known = System.nanoTime();
        CompletableFuture<UUID[]> cdExchange = CompletableFuture.supplyAsync(() -> exchangeMessages(stack, carol, dave, cd));
        UUID[] abMessages = exchangeMessages(stack, alice, bob, ab);
        UUID[] cdMessages = cdExchange.join();
        ids.put("aliceMessageAB", abMessages[0]);
        ids.put("bobMessageAB", abMessages[1]);
        ids.put("carolMessageCD", cdMessages[0]);
        ids.put("daveMessageCD", cdMessages[1]);

        String aliceEnvelope = chatApi(stack, alice).newest(ab.id(), 10).messages().stream()
                .filter(message -> message.id().equals(abMessages[0]))
                .findFirst().orElseThrow().envelope();
        long end = System.nanoTime();
        System.out.printf("Fixture of 5 users ready in %.1f s: sign-ups and logins %.1f s, friend requests %.1f s, "
                + "projections %.1f s, messages %.1f s%n", (end - begin) / 1e9, (signedUp - begin) / 1e9,
                (befriended - signedUp) / 1e9, (known - befriended) / 1e9, (end - known) / 1e9);
        return new Fixture(runId, users, ids, aliceEnvelope);
    }

    /** Two at a time: deriving keys from a password is the slow part, and the machine has two cores. */
    private static List<TestUser> signUpAll(SystemStack stack, List<String> names, String runId) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<TestUser>> users = names.stream()
                    .map(name -> CompletableFuture.supplyAsync(() -> TestUser.signUp(stack, name + runId), pool))
                    .toList();
            return users.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    /** Sends a friend request; tries again while friend-service does not know one of the accounts yet. */
    private static UUID sendRequest(SystemStack stack, TestUser from, TestUser to) {
        Map<?, ?> answer = TestUser.eventually(() -> stack.api().call("POST", "/api/friends/requests",
                from.accessToken(), Map.of("username", to.username()), Map.class), TestUser.status(503, 404));
        Object requestId = answer.get("requestId");
        return requestId == null ? null : UUID.fromString(requestId.toString());
    }

    private static void approve(SystemStack stack, TestUser user, TestUser friend) {
        stack.api().call("POST", "/api/friends/requests/received/approve", user.accessToken(),
                Map.of("usernames", List.of(friend.username())), Map.class);
    }

    /** A group of the creator and one friend, whose friendship chat-service knows already. */
    static UUID createGroup(SystemStack stack, TestUser creator, String name, TestUser friend) {
        Map<?, ?> group = stack.api().call("POST", "/api/chat/groups", creator.accessToken(),
                Map.of("name", name, "members", List.of(friend.id().toString())), Map.class);
        return UUID.fromString(group.get("id").toString());
    }

    /** Waits until presence-service and chat-service both know the friendship, which they learn from Kafka. */
    static ConversationInfo awaitFriendshipKnown(SystemStack stack, TestUser user, TestUser friend) {
        TestUser.eventually(() -> stack.api().call("GET", "/api/presence/users/" + friend.id(), user.accessToken(),
                null, Map.class), TestUser.status(404));
        TestUser.eventually(() -> stack.api().call("GET", "/api/presence/users/" + user.id(), friend.accessToken(),
                null, Map.class), TestUser.status(404));
        return TestUser.eventually(() -> chatApi(stack, user).openConversation(friend.id()), TestUser.status(403));
    }

    /** One encrypted message each way through real chat clients; returns their ids once both are delivered. */
    private static UUID[] exchangeMessages(SystemStack stack, TestUser first, TestUser second, ConversationInfo info) {
        try (ChatClient firstClient = chat(stack, first); ChatClient secondClient = chat(stack, second)) {
            firstClient.connect().get(30, TimeUnit.SECONDS);
            Conversation firstSide = firstClient.join(info);
            UUID firstMessage = firstSide.send("Hello from " + first.username()).get(30, TimeUnit.SECONDS).messageId();
            secondClient.connect().get(30, TimeUnit.SECONDS);
            Conversation secondSide = secondClient.join(secondClient.api().conversation(info.id()));
            UUID secondMessage = secondSide.send("Hello from " + second.username()).get(30, TimeUnit.SECONDS)
                    .messageId();
            TestUser.eventually(() -> {
                HistoryPage page = firstClient.api().newest(info.id(), 10);
                if (page.messages().size() != 2 || page.messages().stream().map(StoredMessage::deliveredAt)
                        .anyMatch(Objects::isNull)) {
                    throw new IllegalStateException("Messages of " + info.id() + " not delivered yet: " + page);
                }
                return page;
            }, e -> e instanceof IllegalStateException);
            return new UUID[] { firstMessage, secondMessage };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not exchange the fixture's messages", e);
        }
    }

    static ChatApi chatApi(SystemStack stack, TestUser user) {
        return new ChatApi(stack.http(), stack.gatewayUrl(), user::accessToken);
    }

    /** A chat client (one device) of the user's; the caller closes it. */
    static ChatClient chat(SystemStack stack, TestUser user) {
        return ChatClient.builder()
                .server(stack.gatewayUrl())
                .httpClient(stack.http())
                .user(user.id(), user.session().vault().identity())
                .deviceId(DeviceId.random())
                .accessToken(user::accessToken)
                .listener(new ChatListener() {
                })
                .build();
    }
}

package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.chat.Chats.Inbox;
import dev.parley.chat.Chats.Sealer;
import dev.parley.chat.People.Person;
import dev.parley.chat.config.ChatConfig;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.chat.SendReceipt;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IntegrityProblem;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestInfrastructure;
import dev.parley.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class ChatSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI server;

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Inject
    ChatConfig config;

    @Test
    void friendsExchangeMessagesInRealTimeAndTheSenderLearnsTheyWereDelivered() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Inbox alicesInbox = new Inbox();
        Inbox bobsInbox = new Inbox();
        try (ChatClient alicesClient = Chats.client(server, alice, alicesInbox);
                ChatClient bobsClient = Chats.client(server, bob, bobsInbox)) {
            Conversation alicesSide = alicesClient.join(Chats.info(alicesClient, id));
            Conversation bobsSide = bobsClient.join(Chats.info(bobsClient, id));
            alicesClient.connect().join();
            bobsClient.connect().join();

            SendReceipt hello = alicesSide.send("Hello Bob!").join();
            await().atMost(WITHIN).until(() -> bobsInbox.messages.size() == 1);
            bobsSide.send("Hi Alice!").join();
            await().atMost(WITHIN).until(() -> alicesInbox.messages.size() == 1);

            ReceivedMessage toBob = bobsInbox.messages.get(0);
            assertThat(toBob.verification().isIntact()).isTrue();
            assertThat(toBob.live()).isTrue();
            assertThat(toBob.messageId()).isEqualTo(hello.messageId());
            assertThat(bobsInbox.texts()).containsExactly("Hello Bob!");
            assertThat(alicesInbox.texts()).containsExactly("Hi Alice!");
            assertThat(alicesSide.safetyNumber()).isEqualTo(bobsSide.safetyNumber());

            await().atMost(WITHIN).until(() -> !alicesInbox.receipts.isEmpty());
            assertThat(alicesInbox.receipts.get(0).upTo()).isEqualTo(hello.messageId());
        }
        given().auth().oauth2(alice.token()).get("/api/chat/conversations/" + id + "/messages")
                .then().statusCode(200)
                .body("messages[0].deliveredAt", notNullValue());
    }

    /**
     * A delivery report marks the friend's messages up to the one it names that are not delivered yet, whatever came
     * before it: an earlier report, a report naming an older message (nothing new to mark, so no receipt), messages
     * of the reporter's own.
     */
    @Test
    void aDeliveryReportMarksTheFriendsUndeliveredMessagesUpToTheOneItNames() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer fromAlice = new Sealer(alice, bob, id);
        Sealer fromBob = new Sealer(bob, alice, id);

        try (RawSocket alicesSocket = RawSocket.open(chatSocket, alice.token(), fromAlice.device.toBase64Url());
                RawSocket bobsSocket = RawSocket.open(chatSocket, bob.token(), fromBob.device.toBase64Url())) {
            alicesSocket.next("ready");
            bobsSocket.next("ready");
            String first = Chats.sendAndAwaitAck(alicesSocket, fromAlice, "one");
            String second = Chats.sendAndAwaitAck(alicesSocket, fromAlice, "two");
            String bobs = Chats.sendAndAwaitAck(bobsSocket, fromBob, "mine");
            String third = Chats.sendAndAwaitAck(alicesSocket, fromAlice, "three");

            bobsSocket.send(deliveredFrame(id, second));
            assertThat(alicesSocket.next("delivered").path("upTo").asText()).isEqualTo(second);
            String firstDeliveredAt = deliveredAt(alice, id, first);
            assertThat(firstDeliveredAt).isNotNull().isEqualTo(deliveredAt(alice, id, second));
            assertThat(deliveredAt(alice, id, third)).isNull();

            // Reports are stored in the order they came, one batch at a time: a receipt for the older one comes first.
            bobsSocket.send(deliveredFrame(id, first));
            bobsSocket.send(deliveredFrame(id, third));
            assertThat(alicesSocket.next("delivered").path("upTo").asText()).isEqualTo(third);
            assertThat(deliveredAt(alice, id, third)).isNotNull();
            assertThat(deliveredAt(alice, id, first)).as("marked once, when first reported").isEqualTo(firstDeliveredAt);
            assertThat(deliveredAt(alice, id, bobs)).as("Bob's own message; Alice never reported it").isNull();
        }
    }

    private static String deliveredFrame(UUID conversationId, String upTo) {
        return "{\"type\":\"delivered\",\"conversationId\":\"" + conversationId + "\",\"upTo\":\"" + upTo + "\"}";
    }

    /** When a message was delivered, as the conversation's history says (null: not yet). */
    private static String deliveredAt(Person reader, UUID conversationId, String messageId) {
        return given().auth().oauth2(reader.token()).get("/api/chat/conversations/" + conversationId + "/messages")
                .then().statusCode(200)
                .extract().path("messages.find { it.id == '" + messageId + "' }.deliveredAt");
    }

    /**
     * A retry is answered with the stored message, and its frame goes to the recipient's sockets again: the first
     * attempt's frame may have died with an instance (ChatInstanceKilledIT), and the sender's next messages must not
     * arrive before it. The recipient's client knows the repeat by its id.
     */
    @Test
    void aRetriedSendIsStoredOnceAndAnsweredWithTheStoredMessage() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer sealer = new Sealer(alice, bob, id);
        String envelope = sealer.seal("only once");

        try (RawSocket socket = RawSocket.open(chatSocket, alice.token(), sealer.device.toBase64Url());
                RawSocket bobsSocket = RawSocket.open(chatSocket, bob.token(), DeviceId.random().toBase64Url())) {
            socket.next("ready");
            bobsSocket.next("ready");
            socket.send(Chats.sendFrame("first-try", envelope));
            JsonNode first = socket.next("ack");
            JsonNode delivered = bobsSocket.next("message");
            socket.send(Chats.sendFrame("retry", envelope));
            JsonNode retry = socket.next("ack");
            JsonNode deliveredAgain = bobsSocket.next("message");

            assertThat(first.path("duplicate").asBoolean()).isFalse();
            assertThat(retry.path("id").asText()).isEqualTo("retry");
            assertThat(retry.path("duplicate").asBoolean()).isTrue();
            assertThat(retry.path("messageId").asText()).isEqualTo(first.path("messageId").asText());
            assertThat(retry.path("storedAt").asText()).isEqualTo(first.path("storedAt").asText());
            assertThat(delivered.path("messageId").asText()).isEqualTo(first.path("messageId").asText());
            assertThat(deliveredAgain).as("the stored message again, as it was first delivered").isEqualTo(delivered);

            // Another envelope at the same chain position is not a retry.
            ObjectNode other = (ObjectNode) read(envelope);
            other.put("nonce", "AAAAAAAAAAAAAAAA");
            socket.send(Chats.sendFrame("impostor", other.toString()));
            JsonNode refused = socket.next("error");
            assertThat(refused.path("code").asText()).isEqualTo("bad_envelope");
            assertThat(refused.path("id").asText()).isEqualTo("impostor");
        }
        given().auth().oauth2(bob.token()).get("/api/chat/conversations/" + id + "/messages")
                .then().statusCode(200).body("messages.size()", equalTo(1));
    }

    @Test
    void afterUnfriendingNeitherCanSendAndStrangersNeverCould() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person eve = People.newPerson("eve");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer fromAlice = new Sealer(alice, bob, id);
        Sealer fromBob = new Sealer(bob, alice, id);
        Sealer fromEve = new Sealer(eve, bob, id);

        try (RawSocket alicesSocket = RawSocket.open(chatSocket, alice.token(), fromAlice.device.toBase64Url());
                RawSocket bobsSocket = RawSocket.open(chatSocket, bob.token(), fromBob.device.toBase64Url());
                RawSocket evesSocket = RawSocket.open(chatSocket, eve.token(), fromEve.device.toBase64Url())) {
            alicesSocket.next("ready");
            bobsSocket.next("ready");
            evesSocket.next("ready");
            alicesSocket.send(Chats.sendFrame("before", fromAlice.seal("still friends")));
            assertThat(alicesSocket.next("ack").path("id").asText()).isEqualTo("before");

            // Eve names the conversation in an envelope of her own: she is not a member.
            evesSocket.send(Chats.sendFrame("intrusion", fromEve.seal("let me in")));
            assertThat(evesSocket.next("error").path("code").asText()).isEqualTo("unknown_conversation");

            People.unfriend(alice, bob);
            await().atMost(WITHIN).until(() -> {
                alicesSocket.send(Chats.sendFrame("after", fromAlice.seal("still there?")));
                return alicesSocket.next(f -> f.has("id")).path("code").asText().equals("not_a_friend");
            });
            bobsSocket.send(Chats.sendFrame("reply", fromBob.seal("hello?")));
            JsonNode refused = bobsSocket.next("error");
            assertThat(refused.path("code").asText()).isEqualTo("not_a_friend");
            assertThat(refused.path("message").asText()).isEqualTo("You can only chat with friends.");
        }
    }

    @Test
    void framesTheServerCannotTakeGetClearErrorCodes() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer asBob = new Sealer(bob, alice, id);
        Sealer asAlice = new Sealer(alice, bob, id);

        try (RawSocket socket = RawSocket.open(chatSocket, alice.token(), asAlice.device.toBase64Url())) {
            socket.next("ready");
            socket.send(Chats.sendFrame("forged", asBob.seal("I am Bob")));
            assertThat(socket.next("error").path("code").asText()).isEqualTo("bad_envelope");

            // Alice's own envelope, but naming another device than the one this socket was opened with.
            socket.send(Chats.sendFrame("other-device", new Sealer(alice, bob, id).seal("from elsewhere")));
            JsonNode mismatch = socket.next("error");
            assertThat(mismatch.path("code").asText()).isEqualTo("device_mismatch");
            assertThat(mismatch.path("id").asText()).isEqualTo("other-device");

            ObjectNode huge = (ObjectNode) read(asAlice.seal("big"));
            huge.put("ciphertext", "A".repeat(90_000));
            socket.send(Chats.sendFrame("huge", huge.toString()));
            assertThat(socket.next("error").path("code").asText()).isEqualTo("too_large");

            socket.send("not json");
            assertThat(socket.next("error").path("code").asText()).isEqualTo("bad_frame");

            for (int i = 0; i < 30; i++) {
                socket.send(Chats.sendFrame("flood-" + i, "{}"));
            }
            assertThat(socket.next(frame -> "rate_limited".equals(frame.path("code").asText())).path("id").asText())
                    .startsWith("flood-");
        }
    }

    @Test
    void sendsWaitingOnASocketAreBoundedAndTheRestRefusedAsRetryableInChainOrder() throws SQLException {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer sealer = new Sealer(alice, bob, id);
        int running = 1;
        int waiting = config.sockets().maxWaitingSends();
        int refused = 7;
        List<String> envelopes = IntStream.range(0, running + waiting + refused).mapToObj(i -> sealer.seal("m" + i)).toList();

        try (RawSocket socket = RawSocket.open(chatSocket, alice.token(), sealer.device.toBase64Url());
                Connection lock = database()) {
            socket.next("ready");
            // The first send's store waits on this lock, so every later frame arrives while it runs.
            lock.setAutoCommit(false);
            execute(lock, "lock table message in exclusive mode");
            for (int i = 0; i < envelopes.size(); i++) {
                socket.send(Chats.sendFrame("m" + i, envelopes.get(i)));
            }
            List<JsonNode> overloaded = new ArrayList<>();
            for (int i = 0; i < refused; i++) {
                overloaded.add(socket.next("error"));
            }
            lock.rollback();

            assertThat(overloaded).extracting(frame -> frame.path("id").asText())
                    .containsExactlyElementsOf(IntStream.range(running + waiting, envelopes.size()).mapToObj(i -> "m" + i).toList());
            assertThat(overloaded).allSatisfy(frame -> {
                assertThat(frame.path("code").asText()).isEqualTo("overloaded");
                assertThat(frame.path("message").asText()).contains("Too many messages are waiting");
            });
            // The ones that waited are answered too, in order (some may be rate limited; they are sent again below).
            List<JsonNode> answers = new ArrayList<>();
            for (int i = 0; i < running + waiting; i++) {
                answers.add(socket.next(frame -> frame.path("id").asText().startsWith("m")));
            }
            assertThat(answers).extracting(frame -> frame.path("id").asText())
                    .containsExactlyElementsOf(IntStream.range(0, running + waiting).mapToObj(i -> "m" + i).toList());
            assertThat(answers).extracting(frame -> frame.path("type").asText() + "/" + frame.path("code").asText(""))
                    .allMatch(answer -> answer.equals("ack/") || answer.equals("error/rate_limited"));

            // The chain is held from the first refused send: a later one is refused until that one is stored.
            int firstRefused = running + waiting;
            JsonNode skipping = sendUntilNotRateLimited(socket, "m" + (firstRefused + 1), envelopes.get(firstRefused + 1));
            assertThat(skipping.path("code").asText()).isEqualTo("overloaded");
            assertThat(skipping.path("message").asText()).contains("not stored yet");

            for (int i = 0; i < envelopes.size(); i++) {
                if (!"ack".equals(answers.size() > i ? answers.get(i).path("type").asText() : "")) {
                    assertThat(sendUntilNotRateLimited(socket, "again-m" + i, envelopes.get(i)).path("type").asText())
                            .as("m%d sent again", i).isEqualTo("ack");
                }
            }
        }
        given().auth().oauth2(bob.token()).queryParam("limit", 100).get("/api/chat/conversations/" + id + "/messages")
                .then().statusCode(200).body("messages.size()", equalTo(envelopes.size()));
    }

    /** Sends the frame, again after a pause for as long as the answer is rate_limited; returns the other answer. */
    private static JsonNode sendUntilNotRateLimited(RawSocket socket, String clientId, String envelope) {
        for (int attempt = 0; ; attempt++) {
            socket.send(Chats.sendFrame(clientId, envelope));
            JsonNode answer = socket.next(frame -> clientId.equals(frame.path("id").asText()));
            if (!"rate_limited".equals(answer.path("code").asText()) || attempt == 50) {
                return answer;
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSocketIsClosedWhenItsTokenExpires() throws Exception {
        Person alice = People.newPerson("alice");
        String shortLived = TestTokens.accessToken(alice.id(), alice.username(), Duration.ofSeconds(2));

        try (RawSocket socket = RawSocket.open(chatSocket, shortLived, DeviceId.random().toBase64Url())) {
            socket.next("ready");
            assertThat(socket.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4002);
        }
    }

    @Test
    void anInBandRefreshKeepsTheSocketOpenButOnlyForTheSameUser() throws Exception {
        Person alice = People.newPerson("alice");
        Person eve = People.newPerson("eve");
        String shortLived = TestTokens.accessToken(alice.id(), alice.username(), Duration.ofSeconds(2));

        try (RawSocket refreshed = RawSocket.open(chatSocket, shortLived, DeviceId.random().toBase64Url());
                RawSocket hijacked = RawSocket.open(chatSocket, alice.token(), DeviceId.random().toBase64Url())) {
            refreshed.next("ready");
            hijacked.next("ready");
            refreshed.send("{\"type\":\"refresh\",\"token\":\"" + alice.token() + "\"}");
            assertThat(refreshed.next("refreshed").path("tokenExpiresAt").asText()).isNotEmpty();
            hijacked.send("{\"type\":\"refresh\",\"token\":\"" + eve.token() + "\"}");

            assertThat(hijacked.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4003);
            Thread.sleep(3_500);
            assertThat(refreshed.closed).isNotDone();
        }
    }

    @Test
    void anOfflineFriendCatchesUpWhenTheirClientReconnects() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        AtomicInteger tokensIssued = new AtomicInteger();
        AtomicBoolean offline = new AtomicBoolean();
        Inbox bobsInbox = new Inbox();
        ChatClient bobsClient = ChatClient.builder().server(server).user(bob.id(), bob.identity())
                .deviceId(DeviceId.random()).listener(bobsInbox)
                .accessToken(() -> {
                    if (offline.get()) {
                        throw new IllegalStateException("offline");
                    }
                    // The first socket's token expires soon, so the server closes it.
                    return tokensIssued.getAndIncrement() == 0
                            ? TestTokens.accessToken(bob.id(), bob.username(), Duration.ofSeconds(2))
                            : bob.token();
                })
                .build();
        try (ChatClient alicesClient = Chats.client(server, alice, new Inbox()); bobsClient) {
            Conversation alicesSide = alicesClient.join(Chats.info(alicesClient, id));
            alicesClient.connect().join();
            bobsClient.connect().join();
            bobsClient.join(bobsClient.api().conversation(id));
            alicesSide.send("while you are online").join();
            await().atMost(WITHIN).until(() -> bobsInbox.messages.size() == 1);

            offline.set(true);
            await().atMost(WITHIN).until(() -> bobsInbox.disconnects.contains(4002));
            alicesSide.send("while you were away").join();
            alicesSide.send("and once more").join();
            offline.set(false);

            await().atMost(Duration.ofSeconds(30)).until(() -> bobsInbox.messages.size() == 3);
            assertThat(bobsInbox.texts()).containsExactly("while you are online", "while you were away", "and once more");
            assertThat(bobsInbox.messages).allMatch(message -> message.verification().isIntact());
            assertThat(bobsInbox.messages.get(1).live()).isFalse();
        }
    }

    @Test
    void theClientLibraryDetectsModifiedDroppedAndReplayedMessages() throws SQLException {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        List<UUID> sent;
        try (ChatClient alicesClient = Chats.client(server, alice, new Inbox())) {
            Conversation alicesSide = alicesClient.join(Chats.info(alicesClient, id));
            alicesClient.connect().join();
            sent = List.of("one", "two", "three", "four").stream()
                    .map(text -> alicesSide.send(text).join().messageId()).toList();
        }

        // A curious server changes the second message, drops the third and plays the first again.
        try (Connection db = database()) {
            String second = envelopeOf(db, sent.get(1));
            ObjectNode changed = (ObjectNode) read(second);
            String ciphertext = changed.get("ciphertext").asText();
            changed.put("ciphertext", (ciphertext.charAt(0) == 'A' ? "B" : "A") + ciphertext.substring(1));
            execute(db, "update message set envelope = ? where public_id = ?", changed.toString(), sent.get(1));
            execute(db, "delete from message where public_id = ?", sent.get(2));
            execute(db, "insert into message (public_id, conversation_id, sender_id, device_id, seq, envelope, stored_at)"
                    + " select gen_random_uuid(), conversation_id, sender_id, 'replayed', seq, envelope, now()"
                    + " from message where public_id = ?", sent.get(0));
        }

        Inbox bobsInbox = new Inbox();
        try (ChatClient bobsClient = Chats.client(server, bob, bobsInbox)) {
            bobsClient.connect().join();
            bobsClient.join(bobsClient.api().conversation(id));
            await().atMost(WITHIN).until(() -> bobsInbox.messages.size() == 4);
        }
        assertThat(bobsInbox.messages).extracting(message -> message.verification().problem().orElse(null))
                .containsExactly(null, IntegrityProblem.MODIFIED, IntegrityProblem.DROPPED,
                        IntegrityProblem.REPLAYED_OR_REORDERED);
    }

    @Test
    void upgradesNeedAValidTokenAnAllowedOriginAndADevice() {
        Person alice = People.newPerson("alice");
        String device = DeviceId.random().toBase64Url();

        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder(), device)).isEqualTo(401);
        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder()
                .header("Authorization", "Bearer " + TestTokens.accessToken(alice.id(), alice.username(), Duration.ofMinutes(-5))),
                device)).isEqualTo(401);
        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder()
                .header("Authorization", "Bearer " + alice.token()).header("Origin", "https://evil.example"), device))
                .isEqualTo(403);
        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder()
                .header("Authorization", "Bearer " + alice.token()), "not-a-device")).isEqualTo(400);
        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder()
                .header("Authorization", "Bearer " + alice.token()).header("Origin", "https://localhost:8443"), device))
                .isEqualTo(101);
        // A browser carries the token as a sub-protocol, URL-encoded, next to the one the server picks.
        assertThat(RawSocket.upgradeStatus(chatSocket, RawSocket.builder().header("Origin", "https://localhost:8443")
                .subprotocols("bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer%20" + alice.token()),
                device)).isEqualTo(101);
    }

    private static Connection database() throws SQLException {
        TestInfrastructure.Database db = TestInfrastructure.shared().database("chat");
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    private static String envelopeOf(Connection db, UUID messageId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select envelope from message where public_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static void execute(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

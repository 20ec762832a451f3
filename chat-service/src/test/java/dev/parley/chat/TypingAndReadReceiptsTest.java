package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.Chats.Sealer;
import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Typing indicators go to the friend's sockets only, are never stored and are rate-limited per socket; a read marker
 * that moves reaches the friend live and stays in history; the settings turn either off, both ways.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class TypingAndReadReceiptsTest {

    /** Long enough for a frame that was going to come (they arrive in milliseconds here). */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Test
    void typingReachesTheFriendOnlyAndIsNeverStored() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        People.befriend(alice, bob);
        People.befriend(alice, carol);
        UUID id = Chats.openConversation(alice, bob);
        try (RawSocket alices = open(alice); RawSocket bobs = open(bob); RawSocket carols = open(carol)) {
            alices.send(typing(id));

            JsonNode frame = bobs.next("typing");
            assertThat(frame.path("conversationId").asText()).isEqualTo(id.toString());
            assertThat(frame.path("from").asText()).isEqualTo(alice.id().toString());
            assertThat(frame.size()).as("type, conversationId and from only").isEqualTo(3);
            assertThat(carols.within(QUIET, TypingAndReadReceiptsTest::isTyping)).as("a friend in no conversation").isEmpty();
            assertThat(alices.within(Duration.ZERO, TypingAndReadReceiptsTest::isTyping)).as("the typist").isEmpty();

            // Carol is Alice's friend, but the conversation is not hers.
            carols.send(typing(id));
            assertThat(carols.next("error").path("code").asText()).isEqualTo("unknown_conversation");
            carols.send(typing(UUID.randomUUID()));
            assertThat(carols.next("error").path("code").asText()).isEqualTo("unknown_conversation");
            alices.send("{\"type\":\"typing\",\"conversationId\":\"not-a-uuid\"}");
            assertThat(alices.next("error").path("code").asText()).isEqualTo("bad_frame");
            assertThat(bobs.within(QUIET, TypingAndReadReceiptsTest::isTyping)).isEmpty();
        }
        given().auth().oauth2(bob.token()).get("/api/chat/conversations/" + id + "/messages")
                .then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void typingFramesBeyondTheSocketsAllowanceAreDroppedWithoutAnAnswer() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        try (RawSocket alices = open(alice); RawSocket bobs = open(bob)) {
            for (int i = 0; i < 10; i++) {
                alices.send(typing(id));
            }
            // A burst of 3, then one every 2 s (the defaults): the other 7 are gone.
            assertThat(bobs.within(QUIET, TypingAndReadReceiptsTest::isTyping)).hasSize(3);
            assertThat(alices.within(Duration.ZERO, frame -> !frame.path("type").asText().equals("presence")))
                    .as("no error for the dropped ones").isEmpty();
        }
    }

    @Test
    void typingIsNeitherSentNorShownBySomeoneWhoTurnedItOff() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        putSettings(bob, false, true);
        try (RawSocket alices = open(alice); RawSocket bobs = open(bob)) {
            alices.send(typing(id));
            bobs.send(typing(id));
            assertThat(bobs.within(QUIET, TypingAndReadReceiptsTest::isTyping)).isEmpty();
            assertThat(alices.within(Duration.ZERO, TypingAndReadReceiptsTest::isTyping)).isEmpty();

            putSettings(bob, true, true);
            alices.send(typing(id));
            assertThat(bobs.next("typing").path("from").asText()).isEqualTo(alice.id().toString());
        }
    }

    @Test
    void aMovedReadMarkerReachesTheFriendLiveAndStaysInHistory() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer sealer = new Sealer(alice, bob, id);
        try (RawSocket alices = RawSocket.open(chatSocket, alice.token(), sealer.device.toBase64Url())) {
            alices.next("ready");
            String hello = Chats.sendAndAwaitAck(alices, sealer, "hello");
            String again = Chats.sendAndAwaitAck(alices, sealer, "are you there?");
            Instant before = Instant.now().minusSeconds(1);

            markRead(bob, id, hello);
            JsonNode read = alices.next("read");
            assertThat(read.path("conversationId").asText()).isEqualTo(id.toString());
            assertThat(read.path("upTo").asText()).isEqualTo(hello);
            assertThat(Instant.parse(read.path("at").asText())).isAfter(before);

            markRead(bob, id, again);
            assertThat(alices.next("read").path("upTo").asText()).isEqualTo(again);
            markRead(bob, id, hello); // never back
            assertThat(alices.within(QUIET, frame -> frame.path("type").asText().equals("read"))).isEmpty();
            given().auth().oauth2(alice.token()).get("/api/chat/conversations/" + id + "/messages")
                    .then().statusCode(200)
                    .body("friendRead.upTo", equalTo(again))
                    .body("friendRead.at", notNullValue());
            given().auth().oauth2(bob.token()).get("/api/chat/conversations/" + id + "/messages")
                    .then().statusCode(200).body("friendRead", nullValue());
        }
    }

    @Test
    void withReadReceiptsOffReadsAreNeitherReportedNorShownEitherWay() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer sealer = new Sealer(alice, bob, id);
        try (RawSocket alices = RawSocket.open(chatSocket, alice.token(), sealer.device.toBase64Url())) {
            alices.next("ready");

            // Bob reads with receipts off: Alice is not told, then or after he turns them on again.
            putSettings(bob, true, false);
            String first = Chats.sendAndAwaitAck(alices, sealer, "first");
            markRead(bob, id, first);
            assertNoReadFrame(alices);
            assertNoReadState(alice, id);
            putSettings(bob, true, true);
            assertNoReadState(alice, id);

            // Alice turned them off: she sees no read state, though Bob reports his reads.
            putSettings(alice, true, false);
            String second = Chats.sendAndAwaitAck(alices, sealer, "second");
            markRead(bob, id, second);
            assertNoReadFrame(alices);
            assertNoReadState(alice, id);
            putSettings(alice, true, true);
            given().auth().oauth2(alice.token()).get("/api/chat/conversations/" + id + "/messages")
                    .then().statusCode(200).body("friendRead.upTo", equalTo(second));

            // Alice's own reads are not reported to Bob while hers are off.
            putSettings(alice, true, false);
            try (RawSocket bobs = open(bob)) {
                markRead(alice, id, second);
                assertNoReadFrame(bobs);
            }
            assertNoReadState(bob, id);
        }
    }

    @Test
    void settingsAreBothOnUntilChangedAndRefuseAnIncompleteBody() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        given().auth().oauth2(alice.token()).get("/api/chat/settings")
                .then().statusCode(200)
                .body("typingIndicators", equalTo(true))
                .body("readReceipts", equalTo(true));

        putSettings(alice, false, true);
        given().auth().oauth2(alice.token()).get("/api/chat/settings")
                .then().statusCode(200)
                .body("typingIndicators", equalTo(false))
                .body("readReceipts", equalTo(true));
        given().auth().oauth2(bob.token()).get("/api/chat/settings")
                .then().statusCode(200).body("typingIndicators", equalTo(true));

        for (String body : List.of("{}", "{\"typingIndicators\":true}", "{\"typingIndicators\":\"no\",\"readReceipts\":true}",
                "{\"typingIndicators\":1,\"readReceipts\":true}", "{\"typingIndicators\":null,\"readReceipts\":true}",
                "[true,true]", "not json")) {
            given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body(body).put("/api/chat/settings")
                    .then().statusCode(400).body("error", equalTo("malformed_request"));
        }
        given().auth().oauth2(alice.token()).get("/api/chat/settings")
                .then().statusCode(200)
                .body("typingIndicators", equalTo(false))
                .body("readReceipts", equalTo(true));
        given().get("/api/chat/settings").then().statusCode(401);
    }

    private RawSocket open(Person person) {
        RawSocket socket = RawSocket.open(chatSocket, person.token(), DeviceId.random().toBase64Url());
        socket.next("ready");
        return socket;
    }

    private static String typing(UUID conversationId) {
        return "{\"type\":\"typing\",\"conversationId\":\"" + conversationId + "\"}";
    }

    private static boolean isTyping(JsonNode frame) {
        return frame.path("type").asText().equals("typing");
    }

    private static void markRead(Person reader, UUID conversationId, String upTo) {
        given().auth().oauth2(reader.token()).contentType(ContentType.JSON).body("{\"upTo\":\"" + upTo + "\"}")
                .post("/api/chat/conversations/" + conversationId + "/read")
                .then().statusCode(204);
    }

    private static void putSettings(Person person, boolean typingIndicators, boolean readReceipts) {
        given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"typingIndicators\":" + typingIndicators + ",\"readReceipts\":" + readReceipts + "}")
                .put("/api/chat/settings")
                .then().statusCode(200)
                .body("typingIndicators", equalTo(typingIndicators))
                .body("readReceipts", equalTo(readReceipts));
    }

    private static void assertNoReadFrame(RawSocket socket) {
        assertThat(socket.within(QUIET, frame -> frame.path("type").asText().equals("read"))).isEmpty();
    }

    private static void assertNoReadState(Person viewer, UUID conversationId) {
        given().auth().oauth2(viewer.token()).get("/api/chat/conversations/" + conversationId + "/messages")
                .then().statusCode(200).body("friendRead", nullValue());
    }
}

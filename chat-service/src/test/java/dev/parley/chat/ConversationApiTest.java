package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.chat.People.Person;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class ConversationApiTest {

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Test
    void friendsShareOneConversationWhoeverOpensIt() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);

        UUID opened = Chats.openConversation(alice, bob);

        given().auth().oauth2(bob.token()).contentType(ContentType.JSON).body("{\"friendId\":\"" + alice.id() + "\"}")
                .when().post("/api/chat/conversations")
                .then().statusCode(200)
                .body("id", equalTo(opened.toString()))
                .body("friend.userId", equalTo(alice.id().toString()))
                .body("friend.username", equalTo(alice.username()))
                .body("friend.publicKey", equalTo(alice.identity().publicKey().toBase64Url()))
                .body("unread", equalTo(0));
    }

    @Test
    void aNonFriendCannotOpenAConversation() {
        Person alice = People.newPerson("alice");
        Person stranger = People.newPerson("stranger");
        Chats.awaitKnown(alice, stranger);

        given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body("{\"friendId\":\"" + stranger.id() + "\"}")
                .when().post("/api/chat/conversations")
                .then().statusCode(403)
                .body("error", equalTo("not_a_friend"))
                .body("message", equalTo("You can only chat with friends."));
        given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body("{\"friendId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/chat/conversations")
                .then().statusCode(404);
    }

    @Test
    void anotherUsersConversationIsNotFound() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person eve = People.newPerson("eve");
        People.befriend(alice, bob);
        UUID conversation = Chats.openConversation(alice, bob);

        given().auth().oauth2(eve.token()).when().get("/api/chat/conversations/" + conversation + "/messages")
                .then().statusCode(404).body("error", equalTo("unknown_conversation"));
        given().auth().oauth2(eve.token()).when().get("/api/chat/conversations/" + conversation)
                .then().statusCode(404).body("error", equalTo("unknown_conversation"));
        given().when().get("/api/chat/conversations/" + conversation + "/messages").then().statusCode(401);
    }

    @Test
    void theListShowsLastActivityAndWhatIsUnread() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID conversation = Chats.openConversation(alice, bob);
        List<UUID> sent = sendAsRaw(alice, bob, conversation, "one", "two", "three");

        JsonPath bobsList = given().auth().oauth2(bob.token()).when().get("/api/chat/conversations")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bobsList.getList("id")).containsExactly(conversation.toString());
        assertThat(bobsList.getInt("[0].unread")).isEqualTo(3);
        String newest = given().auth().oauth2(bob.token()).when()
                .get("/api/chat/conversations/" + conversation + "/messages?limit=1")
                .then().extract().path("messages[0].storedAt");
        assertThat(bobsList.getString("[0].lastActivity")).isEqualTo(newest);

        given().auth().oauth2(bob.token()).contentType(ContentType.JSON).body("{\"upTo\":\"" + sent.get(1) + "\"}")
                .when().post("/api/chat/conversations/" + conversation + "/read")
                .then().statusCode(204);

        given().auth().oauth2(bob.token()).when().get("/api/chat/conversations/" + conversation)
                .then().statusCode(200).body("unread", equalTo(1));
        given().auth().oauth2(alice.token()).when().get("/api/chat/conversations/" + conversation)
                .then().statusCode(200).body("unread", equalTo(0));
    }

    @Test
    void historyPagesBackAndCatchesUpAfterAMessage() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID conversation = Chats.openConversation(alice, bob);
        List<UUID> sent = sendAsRaw(alice, bob, conversation, "m1", "m2", "m3", "m4", "m5");
        String messages = "/api/chat/conversations/" + conversation + "/messages";

        JsonPath newest = given().auth().oauth2(bob.token()).get(messages + "?limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(newest.getList("messages.id")).containsExactly(sent.get(3).toString(), sent.get(4).toString());
        assertThat(newest.getBoolean("hasMore")).isTrue();
        assertThat(newest.getString("messages[0].envelope.header.from")).isEqualTo(alice.id().toString());

        JsonPath older = given().auth().oauth2(bob.token()).get(messages + "?limit=2&before=" + sent.get(3))
                .then().statusCode(200).extract().jsonPath();
        assertThat(older.getList("messages.id")).containsExactly(sent.get(1).toString(), sent.get(2).toString());
        assertThat(older.getBoolean("hasMore")).isTrue();

        JsonPath after = given().auth().oauth2(bob.token()).get(messages + "?after=" + sent.get(1))
                .then().statusCode(200).extract().jsonPath();
        assertThat(after.getList("messages.id"))
                .containsExactly(sent.get(2).toString(), sent.get(3).toString(), sent.get(4).toString());
        assertThat(after.getBoolean("hasMore")).isFalse();
    }

    @Test
    void deletingAnAccountRemovesItsConversationsAndMessages() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID conversation = Chats.openConversation(alice, bob);
        sendAsRaw(alice, bob, conversation, "goodbye");

        People.delete(alice);

        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(bob.token())
                .get("/api/chat/conversations/" + conversation + "/messages").statusCode() == 404);
        given().auth().oauth2(bob.token()).when().get("/api/chat/conversations")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    /** Sends messages over a bare socket, one at a time, and returns their server ids. */
    private List<UUID> sendAsRaw(Person sender, Person recipient, UUID conversation, String... texts) {
        Chats.Sealer sealer = new Chats.Sealer(sender, recipient, conversation);
        try (RawSocket socket = RawSocket.open(chatSocket, sender.token(), sealer.device.toBase64Url())) {
            socket.next("ready");
            return Arrays.stream(texts).map(text -> {
                socket.send(Chats.sendFrame(text, sealer.seal(text)));
                return UUID.fromString(socket.next("ack").path("messageId").asText());
            }).toList();
        }
    }
}

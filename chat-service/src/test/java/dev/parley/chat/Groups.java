package dev.parley.chat;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.parley.chat.People.Person;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The groups API as a client calls it, for the tests of groups. */
final class Groups {

    private Groups() {
    }

    /** The two become friends, and chat-service has read it (and knows both). */
    static void befriend(Person one, Person other) {
        People.befriend(one, other);
        Chats.openConversation(one, other);
    }

    static Response create(Person creator, String name, List<UUID> members) {
        String ids = members.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
        return given().auth().oauth2(creator.token()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"members\":[" + ids + "]}")
                .post("/api/chat/groups");
    }

    /** A group the creator made with the others, all of them the creator's friends already. */
    static UUID created(Person creator, String name, Person... members) {
        return UUID.fromString(create(creator, name, Arrays.stream(members).map(Person::id).toList())
                .then().statusCode(201).extract().path("id"));
    }

    static Response get(Person person, UUID groupId) {
        return given().auth().oauth2(person.token()).get("/api/chat/groups/" + groupId);
    }

    static Response add(Person person, UUID groupId, UUID userId) {
        return given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"userId\":\"" + userId + "\"}")
                .post("/api/chat/groups/" + groupId + "/members");
    }

    static Response remove(Person person, UUID groupId, UUID userId) {
        return given().auth().oauth2(person.token()).delete("/api/chat/groups/" + groupId + "/members/" + userId);
    }

    static Response leave(Person person, UUID groupId) {
        return given().auth().oauth2(person.token()).post("/api/chat/groups/" + groupId + "/leave");
    }

    static Response rename(Person person, UUID groupId, String name) {
        return given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}")
                .put("/api/chat/groups/" + groupId + "/name");
    }

    static Response changes(Person person, UUID groupId, String query) {
        return given().auth().oauth2(person.token()).get("/api/chat/groups/" + groupId + "/changes" + query);
    }

    static Response messages(Person person, UUID groupId, String query) {
        return given().auth().oauth2(person.token()).get("/api/chat/groups/" + groupId + "/messages" + query);
    }

    static Response read(Person person, UUID groupId, String upTo) {
        return given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"upTo\":\"" + upTo + "\"}")
                .post("/api/chat/groups/" + groupId + "/read");
    }

    /** The person's chat settings, both given. */
    static void settings(Person person, boolean typingIndicators, boolean readReceipts) {
        given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"typingIndicators\":" + typingIndicators + ",\"readReceipts\":" + readReceipts + "}")
                .put("/api/chat/settings").then().statusCode(200);
    }

    static List<String> memberIds(Person person, UUID groupId) {
        return get(person, groupId).then().statusCode(200).extract().path("members.userId");
    }
}

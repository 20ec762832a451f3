package dev.parley.friend;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.friend.TestUsers.User;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The friends API as a signed-in user calls it. */
final class FriendsApi {

    private FriendsApi() {
    }

    static RequestSpecification as(User user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON);
    }

    static Response add(User user, String username) {
        return as(user).body(Map.of("username", username)).post("/api/friends/requests");
    }

    /** Adds and expects a new request; returns its id. */
    static String sendRequest(User from, User to) {
        return add(from, to.username()).then().statusCode(201).extract().path("requestId");
    }

    static Response sent(User user) {
        return as(user).get("/api/friends/requests/sent");
    }

    static Response received(User user) {
        return as(user).get("/api/friends/requests/received");
    }

    static Response cancel(User user, String requestId) {
        return as(user).delete("/api/friends/requests/sent/" + requestId);
    }

    static Response approve(User user, String... usernames) {
        return as(user).body(Map.of("usernames", List.of(usernames))).post("/api/friends/requests/received/approve");
    }

    static Response reject(User user, String... usernames) {
        return as(user).body(Map.of("usernames", List.of(usernames))).post("/api/friends/requests/received/reject");
    }

    static Response friends(User user) {
        return as(user).get("/api/friends");
    }

    static Response unfriend(User user, UUID friendId) {
        return as(user).delete("/api/friends/" + friendId);
    }

    /** Makes two users friends: a request and its approval. */
    static void befriend(User a, User b) {
        sendRequest(a, b);
        approve(b, a.username()).then().statusCode(200);
    }
}

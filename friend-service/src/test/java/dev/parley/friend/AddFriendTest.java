package dev.parley.friend;

import static dev.parley.friend.FriendsApi.add;
import static dev.parley.friend.FriendsApi.befriend;
import static dev.parley.friend.FriendsApi.friends;
import static dev.parley.friend.FriendsApi.received;
import static dev.parley.friend.FriendsApi.reject;
import static dev.parley.friend.FriendsApi.sendRequest;
import static dev.parley.friend.FriendsApi.sent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.friend.TestUsers.User;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Adding a friend by username, and every message of the form. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class AddFriendTest {

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @Test
    void addingAUserSendsThemARequestAndSaysSo() {
        List<User> pair = users.create("Alice", "Bob");
        User alice = pair.get(0);
        User bob = pair.get(1);

        String requestId = add(alice, bob.username()).then().statusCode(201)
                .body("message", equalTo("Friend request sent to " + bob.username() + "."))
                .body("requestId", notNullValue())
                .extract().path("requestId");

        sent(alice).then().statusCode(200)
                .body("requestId", contains(requestId))
                .body("username", contains(bob.username()))
                .body("userId", contains(bob.id().toString()))
                .body("status", contains("pending"));
        received(bob).then().statusCode(200)
                .body("requestId", contains(requestId))
                .body("username", contains(alice.username()));
        friends(alice).then().statusCode(200).body("$", empty());
    }

    @Test
    void aUsernameIsFoundWhateverItsCaseAndShownAsTheyTypedIt() {
        List<User> pair = users.create("Carol", "Dave");
        User dave = pair.get(1);

        add(pair.get(0), dave.username().toUpperCase()).then().statusCode(201)
                .body("message", equalTo("Friend request sent to " + dave.username() + "."));
    }

    @Test
    void anUnknownUsernameIsRefused() {
        User erin = users.create("Erin");

        add(erin, TestUsers.uniqueUsername("Nobody")).then().statusCode(404)
                .body("error", equalTo("not_found"))
                .body("message", equalTo("Unknown username!"));
    }

    @Test
    void nobodyCanAddThemselves() {
        User frank = users.create("Frank");

        add(frank, frank.username()).then().statusCode(400).body("message", equalTo("You can't add yourself as a friend!"));
        add(frank, frank.username().toLowerCase()).then().statusCode(400)
                .body("message", equalTo("You can't add yourself as a friend!"));
    }

    @Test
    void sendingASecondRequestSaysItWasAlreadySent() {
        List<User> pair = users.create("Grace", "Heidi");
        sendRequest(pair.get(0), pair.get(1));

        add(pair.get(0), pair.get(1).username()).then().statusCode(409)
                .body("message", equalTo("Friend request already sent!"));
        sent(pair.get(0)).then().body("$", hasSize(1));
    }

    @Test
    void addingAFriendSaysYouAreAlreadyFriends() {
        List<User> pair = users.create("Ivan", "Judy");
        befriend(pair.get(0), pair.get(1));

        add(pair.get(0), pair.get(1).username()).then().statusCode(409).body("message", equalTo("You are already friends!"));
        add(pair.get(1), pair.get(0).username()).then().statusCode(409).body("message", equalTo("You are already friends!"));
    }

    @Test
    void addingSomeoneWhoAlreadyAskedMakesYouFriends() {
        List<User> pair = users.create("Kevin", "Laura");
        User kevin = pair.get(0);
        User laura = pair.get(1);
        sendRequest(kevin, laura);

        add(laura, kevin.username()).then().statusCode(200)
                .body("message", equalTo("You are now friends with " + kevin.username() + "."))
                .body("requestId", equalTo(null));

        friends(laura).then().body("username", contains(kevin.username()));
        friends(kevin).then().body("username", contains(laura.username()));
        sent(kevin).then().body("status", contains("approved"));
        received(laura).then().body("$", empty());
        sent(laura).then().body("$", empty());
        assertThat(database.friendshipRows(kevin.id(), laura.id())).isEqualTo(2);
    }

    @Test
    void aRejectedSenderWaitsOutTheCoolingOffPeriodWhileTheReceiverMayStillAddThem() {
        List<User> pair = users.create("Mallory", "Niaj");
        User mallory = pair.get(0);
        User niaj = pair.get(1);
        String rejectedId = sendRequest(mallory, niaj);
        reject(niaj, mallory.username()).then().statusCode(200);

        String retryAfter = add(mallory, niaj.username()).then().statusCode(429)
                .body("error", equalTo("too_many_requests"))
                .body("message", equalTo("Your friend request to " + niaj.username()
                        + " was rejected. You can send a new one in 24 hours."))
                .extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
        sent(mallory).then().body("requestId", contains(rejectedId)).body("status", contains("rejected"));

        // The receiver may still add the sender, who may then accept by adding back.
        sendRequest(niaj, mallory);
        add(mallory, niaj.username()).then().statusCode(200)
                .body("message", equalTo("You are now friends with " + niaj.username() + "."));
        friends(mallory).then().body("username", contains(niaj.username()));
        sent(mallory).then().body("$", empty());
    }

    @Test
    void aRejectedSenderMaySendANewRequestOnceTheCoolingOffPeriodIsOver() {
        List<User> pair = users.create("Olivia", "Peggy");
        User olivia = pair.get(0);
        User peggy = pair.get(1);
        String rejectedId = sendRequest(olivia, peggy);
        reject(peggy, olivia.username()).then().statusCode(200);
        database.update("update friend_request set decided_at = decided_at - interval '24 hours' where id = ?",
                UUID.fromString(rejectedId));

        String renewedId = sendRequest(olivia, peggy);

        assertThat(renewedId).isNotEqualTo(rejectedId);
        sent(olivia).then().body("requestId", contains(renewedId)).body("status", contains("pending"));
        received(peggy).then().body("requestId", contains(renewedId));
    }

    @Test
    void aBlankUsernameAsksToFillInTheForm() {
        User quentin = users.create("Quentin");

        add(quentin, "  ").then().statusCode(400).body("message", equalTo("Please fill in all fields"));
        FriendsApi.as(quentin).body(Map.of()).post("/api/friends/requests").then().statusCode(400)
                .body("message", equalTo("Please fill in all fields"));
    }

    @Test
    void aUserThisServiceDoesNotKnowYetIsAskedToTryAgain() {
        User known = users.create("Known");
        User justSignedUp = new User(UUID.randomUUID(), TestUsers.uniqueUsername("Newcomer"));

        add(justSignedUp, known.username()).then().statusCode(503)
                .header("Retry-After", "1")
                .body("message", equalTo("Your account is not known here yet. Try again in a moment."));
        received(known).then().body("$", empty());
    }

    @Test
    void aDeletedAccountWhoseTokenHasNotExpiredIsRefusedNotAskedToWait() {
        List<User> all = users.create("Leaving", "Staying", "Asker");
        User leaving = all.get(0);
        User staying = all.get(1);
        sendRequest(all.get(2), leaving);

        users.delete(leaving);

        add(leaving, staying.username()).then().statusCode(401).body("error", equalTo("unauthorized"))
                .body("message", equalTo("Your account no longer exists."));
        FriendsApi.approve(leaving, all.get(2).username()).then().statusCode(401)
                .body("message", equalTo("Your account no longer exists."));
        received(staying).then().body("$", empty());
        sent(all.get(2)).then().body("$", empty());

        users.delete(leaving);
        add(leaving, staying.username()).then().statusCode(401);
    }

    @Test
    void everyEndpointNeedsAValidAccessToken() {
        User rupert = users.create("Rupert");
        String expired = TestTokens.accessToken(rupert.id(), rupert.username(), Duration.ofMinutes(-5));

        given().get("/api/friends").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().auth().oauth2(expired).get("/api/friends/requests/received").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().contentType(ContentType.JSON).body(Map.of("username", rupert.username())).post("/api/friends/requests")
                .then().statusCode(401).body("message", matchesPattern(".+"));
    }
}

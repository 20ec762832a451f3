package dev.parley.friend;

import static dev.parley.friend.FriendsApi.approve;
import static dev.parley.friend.FriendsApi.cancel;
import static dev.parley.friend.FriendsApi.friends;
import static dev.parley.friend.FriendsApi.received;
import static dev.parley.friend.FriendsApi.reject;
import static dev.parley.friend.FriendsApi.sendRequest;
import static dev.parley.friend.FriendsApi.sent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.friend.TestUsers.User;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The sent and received tabs, approving and rejecting several at once, and cancelling. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class FriendRequestsTest {

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @Test
    void sentRequestsShowEachStatusNewestFirst() {
        List<User> all = users.create("Sender", "Approver", "Rejecter", "Waiter");
        User sender = all.get(0);
        sendRequest(sender, all.get(1));
        sendRequest(sender, all.get(2));
        sendRequest(sender, all.get(3));
        approve(all.get(1), sender.username()).then().statusCode(200);
        reject(all.get(2), sender.username()).then().statusCode(200);

        sent(sender).then().statusCode(200)
                .body("username", contains(all.get(3).username(), all.get(2).username(), all.get(1).username()))
                .body("status", contains("pending", "rejected", "approved"));
    }

    @Test
    void receivedRequestsAreThePendingOnesSentToMe() {
        List<User> all = users.create("Receiver", "AskerOne", "AskerTwo", "Stranger");
        User receiver = all.get(0);
        String first = sendRequest(all.get(1), receiver);
        String second = sendRequest(all.get(2), receiver);
        sendRequest(receiver, all.get(3));

        received(receiver).then().statusCode(200)
                .body("requestId", contains(second, first))
                .body("username", contains(all.get(2).username(), all.get(1).username()))
                .body("userId", contains(all.get(2).id().toString(), all.get(1).id().toString()));
        received(all.get(3)).then().body("username", contains(receiver.username()));
    }

    @Test
    void approvingSeveralAtOnceMakesThemAllFriends() {
        List<User> all = users.create("Popular", "FanOne", "FanTwo", "FanThree");
        User popular = all.get(0);
        all.subList(1, 4).forEach(fan -> sendRequest(fan, popular));

        approve(popular, all.get(1).username(), all.get(2).username()).then().statusCode(200)
                .body("message", equalTo("Friend requests approved successfully!"));

        friends(popular).then().body("username", containsInAnyOrder(all.get(1).username(), all.get(2).username()));
        friends(all.get(1)).then().body("username", contains(popular.username()));
        received(popular).then().body("username", contains(all.get(3).username()));
        sent(all.get(2)).then().body("status", contains("approved"));
    }

    @Test
    void rejectingSeveralAtOnceLeavesThemStrangers() {
        List<User> all = users.create("Picky", "HopefulOne", "HopefulTwo");
        User picky = all.get(0);
        sendRequest(all.get(1), picky);
        sendRequest(all.get(2), picky);

        reject(picky, all.get(1).username(), all.get(2).username().toLowerCase()).then().statusCode(200)
                .body("message", equalTo("Friend requests rejected successfully!"));

        received(picky).then().body("$", empty());
        friends(picky).then().body("$", empty());
        sent(all.get(1)).then().body("status", contains("rejected"));
        sent(all.get(2)).then().body("status", contains("rejected"));
    }

    @Test
    void approvingOrRejectingNothingAsksToSelectSomeone() {
        User user = users.create("Undecided");

        approve(user).then().statusCode(400).body("message", equalTo("Select at least one friend to approve."));
        reject(user).then().statusCode(400).body("message", equalTo("Select at least one friend to reject."));
        approve(user, " ").then().statusCode(400).body("message", equalTo("Select at least one friend to approve."));
        FriendsApi.as(user).body(Map.of()).post("/api/friends/requests/received/reject").then().statusCode(400)
                .body("message", equalTo("Select at least one friend to reject."));
        String[] tooMany = IntStream.range(0, 101).mapToObj(i -> "Someone" + i).toArray(String[]::new);
        approve(user, tooMany).then().statusCode(400).body("message", equalTo("Select at most 100 friend requests at once."));
    }

    @Test
    void approvingARequestThatIsNotMineIsNotFoundAndChangesNothing() {
        List<User> all = users.create("Owner", "Asker", "Outsider", "OtherAsker");
        User owner = all.get(0);
        User asker = all.get(1);
        User outsider = all.get(2);
        sendRequest(asker, owner);
        sendRequest(all.get(3), outsider);

        approve(outsider, asker.username()).then().statusCode(404)
                .body("message", equalTo("No pending friend request from " + asker.username() + "."));
        reject(outsider, asker.username()).then().statusCode(404);
        // A selection with one request that is not mine fails as a whole.
        approve(owner, asker.username(), all.get(3).username()).then().statusCode(404)
                .body("message", equalTo("No pending friend request from " + all.get(3).username() + "."));
        approve(owner, TestUsers.uniqueUsername("Ghost")).then().statusCode(404);

        received(owner).then().body("username", contains(asker.username()));
        friends(owner).then().body("$", empty());
        friends(outsider).then().body("$", empty());
    }

    @Test
    void approvingTwiceIsHarmlessButADecidedRequestCannotBeDecidedOtherwise() {
        List<User> all = users.create("Clicker", "Friendly", "Unlucky");
        User clicker = all.get(0);
        sendRequest(all.get(1), clicker);
        sendRequest(all.get(2), clicker);

        approve(clicker, all.get(1).username()).then().statusCode(200);
        approve(clicker, all.get(1).username()).then().statusCode(200)
                .body("message", equalTo("Friend requests approved successfully!"));
        reject(clicker, all.get(2).username()).then().statusCode(200);
        reject(clicker, all.get(2).username()).then().statusCode(200);

        reject(clicker, all.get(1).username()).then().statusCode(404);
        approve(clicker, all.get(2).username()).then().statusCode(404);
        friends(clicker).then().body("username", contains(all.get(1).username()));
        assertThat(database.friendshipRows(clicker.id(), all.get(1).id())).isEqualTo(2);
    }

    @Test
    void cancellingAPendingRequestWithdrawsIt() {
        List<User> pair = users.create("Shy", "Crush");
        User shy = pair.get(0);
        User crush = pair.get(1);
        String requestId = sendRequest(shy, crush);

        cancel(shy, requestId).then().statusCode(204);

        sent(shy).then().body("$", empty());
        received(crush).then().body("$", empty());
        cancel(shy, requestId).then().statusCode(404).body("message", equalTo("Friend request not found."));
        sendRequest(shy, crush);
    }

    @Test
    void onlyAPendingRequestCanBeCancelled() {
        List<User> pair = users.create("Eager", "Agreeable");
        String requestId = sendRequest(pair.get(0), pair.get(1));
        approve(pair.get(1), pair.get(0).username()).then().statusCode(200);

        cancel(pair.get(0), requestId).then().statusCode(404).body("message", equalTo("Friend request not found."));
        friends(pair.get(0)).then().body("username", contains(pair.get(1).username()));
    }

    @Test
    void aRequestThatIsNotMineCannotBeCancelled() {
        List<User> all = users.create("Author", "Addressee", "Meddler");
        String requestId = sendRequest(all.get(0), all.get(1));

        cancel(all.get(2), requestId).then().statusCode(404).body("message", equalTo("Friend request not found."));
        cancel(all.get(1), requestId).then().statusCode(404);
        cancel(all.get(2), UUID.randomUUID().toString()).then().statusCode(404);
        cancel(all.get(2), "not-a-request-id").then().statusCode(404);

        received(all.get(1)).then().body("requestId", contains(requestId));
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void everyOperationIsCountedByOutcomeOnTheManagementPort() {
        List<User> all = users.create("Counter", "CountedOne", "CountedTwo");
        Map<String, Double> before = operations();
        String requestId = sendRequest(all.get(0), all.get(1));
        cancel(all.get(0), requestId).then().statusCode(204);
        cancel(all.get(0), requestId).then().statusCode(404);
        sendRequest(all.get(0), all.get(2));
        reject(all.get(2), all.get(0).username()).then().statusCode(200);

        Map<String, Double> after = operations();
        assertThat(delta(before, after, "add/ok")).isEqualTo(2);
        assertThat(delta(before, after, "cancel/ok")).isEqualTo(1);
        assertThat(delta(before, after, "cancel/not_found")).isEqualTo(1);
        assertThat(delta(before, after, "reject/ok")).isEqualTo(1);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    /** {@code parley_friend_operations_total{operation, outcome}} as "add/ok" and the like. */
    private Map<String, Double> operations() {
        String metrics = given().baseUri(management.getProtocol() + "://" + management.getHost() + ":" + management.getPort())
                .get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Map<String, Double> counters = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^parley_friend_operations_total\\{operation=\"([a-z]+)\",outcome=\"([a-z_]+)\"} (\\S+)$")
                .matcher(metrics);
        while (line.find()) {
            counters.put(line.group(1) + "/" + line.group(2), Double.parseDouble(line.group(3)));
        }
        return counters;
    }
}

package dev.parley.friend;

import static dev.parley.friend.FriendsApi.add;
import static dev.parley.friend.FriendsApi.approve;
import static dev.parley.friend.FriendsApi.friends;
import static dev.parley.friend.FriendsApi.sendRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.parley.friend.TestUsers.User;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Friend requests under contention: ones that cross, or are sent twice, at the same moment. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class ConcurrentChangesTest {

    private static final int ROUNDS = 6;
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(2);

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @Test
    void twoUsersAddingEachOtherAtTheSameMomentBecomeFriendsOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            List<User> pair = users.create("Romeo", "Juliet");
            User romeo = pair.get(0);
            User juliet = pair.get(1);

            List<Response> responses = atOnce(() -> add(romeo, juliet.username()), () -> add(juliet, romeo.username()));

            // One request was sent, and the other add found it and approved it.
            assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 200);
            assertOneFriendship(romeo, juliet);
        }
    }

    @Test
    void aDoubleClickedApproveMakesOneFriendship() {
        for (int round = 0; round < ROUNDS; round++) {
            List<User> pair = users.create("Asker", "DoubleClicker");
            User asker = pair.get(0);
            User clicker = pair.get(1);
            sendRequest(asker, clicker);

            List<Response> responses = atOnce(() -> approve(clicker, asker.username()),
                    () -> approve(clicker, asker.username()));

            assertThat(responses).extracting(Response::statusCode).containsExactly(200, 200);
            assertOneFriendship(asker, clicker);
        }
    }

    @Test
    void approvingWhileTheSenderAddsAgainMakesOneFriendship() {
        for (int round = 0; round < ROUNDS; round++) {
            List<User> pair = users.create("Persistent", "Approver");
            User sender = pair.get(0);
            User approver = pair.get(1);
            sendRequest(sender, approver);

            List<Response> responses = atOnce(() -> approve(approver, sender.username()),
                    () -> add(sender, approver.username()));

            assertThat(responses.get(0).statusCode()).isEqualTo(200);
            // Depending on who went first: still pending, or already friends.
            assertThat(responses.get(1).statusCode()).isEqualTo(409);
            assertThat(responses.get(1).<String>path("message"))
                    .isIn("Friend request already sent!", "You are already friends!");
            assertOneFriendship(sender, approver);
        }
    }

    private void assertOneFriendship(User a, User b) {
        assertThat(database.friendshipRows(a.id(), b.id())).isEqualTo(2);
        friends(a).then().body("username", contains(b.username()));
        friends(b).then().body("username", contains(a.username()));
    }

    /** Runs both calls on their own threads, released together. */
    @SafeVarargs
    private static List<Response> atOnce(Supplier<Response>... calls) {
        CyclicBarrier start = new CyclicBarrier(calls.length);
        List<CompletableFuture<Response>> running = Arrays.stream(calls)
                .map(call -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, CLIENTS))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }
}

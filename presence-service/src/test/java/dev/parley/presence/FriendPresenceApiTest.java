package dev.parley.presence;

import static io.restassured.RestAssured.given;
import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** What the presence API tells a user: their friends' presence, and nothing about anyone else. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "presence"))
class FriendPresenceApiTest {

    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
    private static final Duration PROJECTED = Duration.ofSeconds(10);

    private TopicWriter topics;
    private PresenceChanges changes;

    @BeforeEach
    void readPresenceChanges() {
        topics = TestKafka.topics();
        changes = TestKafka.changes();
    }

    @Test
    void theFriendListShowsMyFriendsOnlyWithNameStatusAndLastSeen() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        UUID dave = UUID.randomUUID();
        UUID eve = UUID.randomUUID();
        topics.userExists(bob, "Bob");
        topics.userExists(carol, "carol");
        topics.userExists(eve, "Eve");
        topics.befriend(alice, bob);
        topics.befriend(carol, alice);
        topics.befriend(alice, dave);
        topics.befriend(bob, eve);

        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            chat.open(bob, "phone");
            Instant carolLeft = chat.close(chat.open(carol, "phone"));
            chat.open(eve, "phone");
            await().atMost(PROJECTED).until(() -> changes.of(bob).size() == 1 && changes.of(carol).size() == 2
                    && changes.of(eve).size() == 1);

            await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(alice))
                    .get("/api/presence/friends")
                    .then().statusCode(200)
                    // by name; a friend whose name is not known yet comes last
                    .body("userId", contains(bob.toString(), carol.toString(), dave.toString()))
                    .body("username", contains("Bob", "carol", null))
                    .body("online", contains(true, false, false))
                    .body("lastSeen", contains(null, carolLeft.truncatedTo(MICROS).toString(), null)));
        }
    }

    @Test
    void askingAboutSomeoneWhoIsNotMyFriendRevealsNothing() {
        UUID alice = UUID.randomUUID();
        UUID friend = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        topics.userExists(stranger, "Stranger");
        topics.befriend(alice, friend);
        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            chat.open(stranger, "phone");
            await().atMost(PROJECTED).until(() -> changes.of(stranger).size() == 1);
            await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(alice))
                    .get("/api/presence/users/{id}", friend).then().statusCode(200));

            ExtractableResponse<Response> aboutStranger = notFound(alice, stranger.toString());
            for (String nobody : new String[] { UUID.randomUUID().toString(), "not-a-user-id", alice.toString() }) {
                assertThat(notFound(alice, nobody).asString()).isEqualTo(aboutStranger.asString());
            }
            assertThat(aboutStranger.jsonPath().getString("error")).isEqualTo("not_found");
            given().auth().oauth2(token(alice)).get("/api/presence/friends")
                    .then().statusCode(200).body("userId", contains(friend.toString()));
        }
    }

    @Test
    void unfriendingStopsTheSharingBothWays() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        topics.befriend(alice, bob);
        topics.befriend(alice, carol);
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(bob))
                .get("/api/presence/users/{id}", alice).then().statusCode(200));
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(carol))
                .get("/api/presence/users/{id}", alice).then().statusCode(200));

        topics.unfriend(bob, alice);
        // A friendship can also leave the compacted topic as a tombstone.
        topics.tombstone(Topics.FRIENDSHIPS, Keys.pair(alice, carol));

        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(alice))
                .get("/api/presence/friends").then().statusCode(200).body("size()", equalTo(0)));
        notFound(alice, bob.toString());
        notFound(bob, alice.toString());
        notFound(carol, alice.toString());
    }

    @Test
    void aDeletedAccountLeavesNoPresenceBehind() throws Throwable {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        topics.userExists(bob, "Bob");
        topics.befriend(alice, bob);
        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            chat.close(chat.open(bob, "phone"));
            await().atMost(PROJECTED).until(() -> changes.of(bob).size() == 2);
            await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(token(alice))
                    .get("/api/presence/users/{id}", bob).then().statusCode(200).body("username", equalTo("Bob")));

            topics.accountDeleted(bob);

            await().atMost(PROJECTED).untilAsserted(() -> notFound(alice, bob.toString()));
            assertThat(count("select count(*) from UserPresence where userId = ?1", bob)).isZero();
            assertThat(count("select count(*) from KnownUser where id = ?1", bob)).isZero();
            assertThat(count("select count(*) from FriendLink where userId = ?1 or friendId = ?1", bob)).isZero();
        }
    }

    @Test
    void onlySignedInUsersMayAsk() {
        given().get("/api/presence/friends").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().auth().oauth2(TestTokens.accessToken(UUID.randomUUID(), "late", Duration.ofMinutes(-5)))
                .get("/api/presence/friends").then().statusCode(401);
        given().auth().oauth2(token(UUID.randomUUID())).get("/api/presence/friends")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    private static ExtractableResponse<Response> notFound(UUID asker, String about) {
        return given().auth().oauth2(token(asker)).get("/api/presence/users/{id}", about)
                .then().statusCode(404).extract();
    }

    private static String token(UUID userId) {
        return TestTokens.accessToken(userId, "user");
    }

    private static long count(String query, UUID userId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createSelectionQuery(query, Long.class).setParameter(1, userId)
                        .getSingleResult())));
    }
}

package dev.parley.presence;

import static io.restassured.RestAssured.given;
import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Connection events in, presence changes out: what chat-service will push to friends. Chat instances are played
 * by the test on the real connections topic; what presence-service announces is read back from presence-changes.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "presence"))
class PresenceTransitionsTest {

    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    @ConfigProperty(name = "parley.presence.instance-ttl")
    Duration ttl;

    private TopicWriter topics;
    private PresenceChanges changes;

    @BeforeEach
    void readPresenceChanges() {
        topics = TestKafka.topics();
        changes = TestKafka.changes();
    }

    @Test
    void aFriendSeesOnlineWithinASecondOfConnectingAndOfflineWhenTheDeviceDisconnects() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        topics.befriend(alice, bob);
        awaitFriends(alice, bob);

        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            long connecting = System.nanoTime();
            SimulatedChatInstance.Connection phone = chat.open(bob, "phone");
            PresenceChanges.Received online = awaitChanges(bob, 1).get(0);
            assertThat(online.change().online()).isTrue();
            assertThat(Duration.ofNanos(online.receivedNanos() - connecting)).isLessThan(Duration.ofSeconds(1));
            friendPresence(alice, bob).body("online", equalTo(true));

            Instant disconnected = chat.close(phone);
            PresenceChanged offline = awaitChanges(bob, 2).get(1).change();
            assertThat(offline.online()).isFalse();
            assertThat(offline.lastSeen()).isEqualTo(disconnected.truncatedTo(MICROS));
            friendPresence(alice, bob).body("online", equalTo(false))
                    .body("lastSeen", equalTo(disconnected.truncatedTo(MICROS).toString()));
        }
    }

    @Test
    void aSecondDeviceKeepsTheUserOnlineUntilItDisconnectsToo() {
        UUID bob = UUID.randomUUID();
        try (SimulatedChatInstance first = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL);
                SimulatedChatInstance second = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            SimulatedChatInstance.Connection phone = first.open(bob, "phone");
            SimulatedChatInstance.Connection laptop = second.open(bob, "laptop");
            first.close(phone);
            Instant laptopClosed = second.close(laptop);

            List<PresenceChanges.Received> seen = awaitChanges(bob, 2);
            assertThat(seen).extracting(r -> r.change().online()).containsExactly(true, false);
            assertThat(seen.get(1).change().lastSeen()).isEqualTo(laptopClosed.truncatedTo(MICROS));
        }
    }

    @Test
    void aChatInstanceThatStopsWithoutGoodbyeTakesItsUsersOfflineWithinTheTtl() {
        UUID bob = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        UUID dave = UUID.randomUUID();
        try (SimulatedChatInstance crashing = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL);
                SimulatedChatInstance surviving = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            crashing.open(bob, "phone");
            crashing.open(carol, "phone");
            crashing.open(dave, "phone");
            surviving.open(dave, "laptop");
            awaitChanges(bob, 1);
            awaitChanges(carol, 1);
            awaitChanges(dave, 1);

            Instant lastHeartbeat = crashing.crash();
            for (UUID user : List.of(bob, carol)) {
                PresenceChanges.Received offline = awaitChanges(user, 2).get(1);
                assertThat(offline.change().online()).isFalse();
                assertThat(offline.change().lastSeen()).isEqualTo(lastHeartbeat.truncatedTo(MICROS));
                // The TTL runs from when presence-service read the heartbeat, a few milliseconds after it was sent;
                // the sweep runs every second.
                assertThat(Duration.between(lastHeartbeat, offline.receivedAt()))
                        .isGreaterThanOrEqualTo(ttl)
                        .isLessThan(ttl.plusSeconds(2));
            }
            assertThat(changes.of(dave)).as("still connected on a live instance").hasSize(1);
        }
    }

    @Test
    void aChatInstanceHeardFromAgainBringsBackItsUsersButALateHeartbeatDoesNot() throws InterruptedException {
        UUID bob = UUID.randomUUID();
        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            chat.open(bob, "phone");
            awaitChanges(bob, 1);
            chat.crash();
            awaitChanges(bob, 2);

            // Read after a pause: it says the instance was alive a minute ago, not that it is now.
            chat.heartbeat(Instant.now().minusSeconds(60));
            Thread.sleep(2500);
            assertThat(changes.of(bob)).hasSize(2);

            // A network split healed: the instance never closed the socket, so the user is back.
            chat.heartbeat();
            assertThat(awaitChanges(bob, 3)).extracting(r -> r.change().online()).containsExactly(true, false, true);
            chat.crash();
        }
    }

    @Test
    void anEventReadAgainChangesNothing() {
        UUID bob = UUID.randomUUID();
        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            SimulatedChatInstance.Connection phone = new SimulatedChatInstance.Connection(bob, "phone", "c-1");
            EventEnvelope opened = chat.opened(phone);
            topics.send(Topics.CONNECTIONS, bob.toString(), opened);
            topics.send(Topics.CONNECTIONS, bob.toString(), opened);
            topics.send(Topics.CONNECTIONS, bob.toString(), chat.closed(phone));
            // As after a crash before the offset commit: the open is read again after the close.
            topics.send(Topics.CONNECTIONS, bob.toString(), opened);
            SimulatedChatInstance.Connection laptop = chat.open(bob, "laptop");
            chat.close(laptop);

            assertThat(awaitChanges(bob, 4)).extracting(r -> r.change().online())
                    .containsExactly(true, false, true, false);
        }
    }

    @Test
    void eventsOlderThanTheTtlDoNotBringAnUnknownInstanceToLife() {
        UUID bob = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        // As when presence-service rebuilds from an empty database: the instance died long ago.
        topics.send(Topics.CONNECTIONS, bob.toString(),
                new ConnectionOpened(bob, "phone", "chat-" + UUID.randomUUID(), "c-1", longAgo));
        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            SimulatedChatInstance.Connection laptop = chat.open(bob, "laptop");
            chat.close(laptop);
            assertThat(awaitChanges(bob, 2)).extracting(r -> r.change().online()).containsExactly(true, false);
        }
    }

    private List<PresenceChanges.Received> awaitChanges(UUID userId, int count) {
        await().atMost(ttl.plusSeconds(5)).until(() -> changes.of(userId).size() >= count);
        return changes.of(userId);
    }

    private static void awaitFriends(UUID user, UUID friend) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> friendPresence(user, friend));
    }

    private static io.restassured.response.ValidatableResponse friendPresence(UUID user, UUID friend) {
        return given().auth().oauth2(TestTokens.accessToken(user, "user"))
                .get("/api/presence/users/{userId}", friend)
                .then().statusCode(200);
    }
}

package dev.parley.friend;

import static dev.parley.friend.FriendsApi.add;
import static dev.parley.friend.FriendsApi.befriend;
import static dev.parley.friend.FriendsApi.friends;
import static dev.parley.friend.FriendsApi.received;
import static dev.parley.friend.FriendsApi.sendRequest;
import static dev.parley.friend.FriendsApi.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.friend.TestUsers.User;
import dev.parley.friend.service.UsersProjection;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/** The users projection: built from the users topic, idempotent, rebuilt the same from the start of the topic. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class UsersProjectionTest {

    private static final String KNOWN_USERS = "select id, username, username_canonical, updated_at from known_user order by id";

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRepeatedOrOutdatedSnapshotChangesNothing() {
        UUID userId = UUID.randomUUID();
        String username = TestUsers.uniqueUsername("Steady");
        Instant created = Instant.parse("2026-01-01T10:00:00Z");
        EventEnvelope first = users.publish(TestUsers.snapshot(userId, username, created));
        users.publish(TestUsers.snapshot(userId, username.toUpperCase(), created.plusSeconds(60)));
        awaitUsername(userId, username.toUpperCase());

        users.publish(first);
        EventEnvelope outdated = users.publish(TestUsers.snapshot(userId, username, created.minusSeconds(60)));
        // Records of one user share a partition and are handled in order: once the last is handled, so is the repeat.
        await().atMost(Duration.ofSeconds(30)).until(() -> !database.rows(
                "select 1 from processed_event where consumer = ? and event_id = ?", UsersProjection.CONSUMER,
                outdated.id()).isEmpty());

        assertThat(database.rows("select username, extract(epoch from updated_at)::bigint from known_user where id = ?",
                userId)).containsExactly(List.of(username.toUpperCase(), String.valueOf(created.getEpochSecond() + 60)));
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheProjectionGoesOn() {
        UUID userId = UUID.randomUUID();
        users.publishRaw("not-a-user-id", null);
        // Same key, so same partition: the good snapshot is handled after the bad records.
        users.publishRaw(userId.toString(), "not an event");
        users.publishRaw(userId.toString(), EventCodec.encode(EventEnvelope.of(
                TestUsers.snapshot(userId, null, Instant.now()), Instant.now())));
        String username = TestUsers.uniqueUsername("Afterwards");
        users.publish(TestUsers.snapshot(userId, username, Instant.now()));

        awaitUsername(userId, username);
    }

    @Test
    void aDeletedUserLeavesNoRequestOrFriendshipBehindAndEachEndedFriendshipIsAnnounced() {
        List<User> all = users.create("Departing", "FriendOne", "FriendTwo", "Asked", "Asking");
        User departing = all.get(0);
        befriend(departing, all.get(1));
        befriend(all.get(2), departing);
        sendRequest(departing, all.get(3));
        sendRequest(all.get(4), departing);

        users.delete(departing);

        friends(all.get(1)).then().body("$", empty());
        friends(all.get(2)).then().body("$", empty());
        received(all.get(3)).then().body("$", empty());
        sent(all.get(4)).then().body("$", empty());
        assertThat(database.rowsOf(departing.id())).isZero();
        add(all.get(1), departing.username()).then().statusCode(404).body("message", equalTo("Unknown username!"));

        for (User friend : all.subList(1, 3)) {
            String key = Keys.pair(departing.id(), friend.id());
            List<EventEnvelope> states = read(Topics.FRIENDSHIPS, key, 2);
            assertThat(states.get(states.size() - 1).data(FriendshipState.class).friends()).isFalse();
            List<EventEnvelope> happened = read(Topics.FRIEND_EVENTS, key, 3);
            FriendRemoved removed = happened.get(happened.size() - 1).data(FriendRemoved.class);
            assertThat(removed.userId()).isEqualTo(departing.id());
            assertThat(removed.accountDeleted()).isTrue();
        }
    }

    @Test
    void replayingTheUsersTopicFromTheStartRebuildsTheSameProjection() {
        // A username freed by a deleted account and taken by a new one: the order of a replay must not matter.
        User former = users.create("Reused");
        users.delete(former);
        UUID successor = UUID.randomUUID();
        users.publish(TestUsers.snapshot(successor, former.username(), Instant.now()));
        List<User> others = users.create("Kept", "Friend");
        befriend(others.get(0), others.get(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> users.isKnown(successor));
        List<List<String>> before = database.rows(KNOWN_USERS);

        database.update("delete from known_user");
        database.update("delete from processed_event where consumer = ?", UsersProjection.CONSUMER);
        KafkaConsumer<String, String> consumer = kafka.getConsumer("users");
        Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(Duration.ofSeconds(10));
        consumer.seekToBeginning(assigned).await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> database.rows(KNOWN_USERS).equals(before));
        friends(others.get(0)).then().body("username", contains(others.get(1).username()));
        assertThat(database.rows("select id from known_user where username_canonical = ?",
                former.username().toLowerCase())).containsExactly(List.of(successor.toString()));
    }

    private List<EventEnvelope> read(String topic, String key, int atLeast) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrapServers, topic,
                read -> read.stream().filter(r -> key.equals(r.key())).count() >= atLeast, Duration.ofSeconds(30));
        return records.stream().filter(r -> key.equals(r.key())).map(r -> EventCodec.decode(r.value()))
                .collect(Collectors.toList());
    }

    private void awaitUsername(UUID userId, String username) {
        await().atMost(Duration.ofSeconds(30)).until(() -> database.rows("select username from known_user where id = ?",
                userId).equals(List.of(List.of(username))));
    }
}

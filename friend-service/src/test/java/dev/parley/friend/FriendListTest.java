package dev.parley.friend;

import static dev.parley.friend.FriendsApi.add;
import static dev.parley.friend.FriendsApi.befriend;
import static dev.parley.friend.FriendsApi.friends;
import static dev.parley.friend.FriendsApi.sendRequest;
import static dev.parley.friend.FriendsApi.sent;
import static dev.parley.friend.FriendsApi.unfriend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestApproved;
import dev.parley.contracts.events.FriendRequestSent;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.friend.TestUsers.User;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The friend list and unfriending, and what other services are told. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "friend"))
class FriendListTest {

    @Inject
    TestUsers users;

    @Inject
    TestDatabase database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void friendsAreListedByUsernameWithTheirIdAndSince() {
        List<User> all = users.create("Hub", "Zed", "amy", "Mia", "Loner");
        User hub = all.get(0);
        befriend(hub, all.get(1));
        befriend(all.get(2), hub);
        befriend(hub, all.get(3));

        friends(hub).then().statusCode(200)
                .body("username", contains(all.get(2).username(), all.get(3).username(), all.get(1).username()))
                .body("userId", contains(all.get(2).id().toString(), all.get(3).id().toString(), all.get(1).id().toString()))
                .body("since", contains(notNullValue(), notNullValue(), notNullValue()));
        friends(all.get(4)).then().statusCode(200).body("$", empty());
    }

    @Test
    void removingAFriendEndsTheFriendshipForBoth() {
        List<User> pair = users.create("Leaver", "Left");
        User leaver = pair.get(0);
        User left = pair.get(1);
        befriend(leaver, left);

        unfriend(left, leaver.id()).then().statusCode(204);

        friends(leaver).then().body("$", empty());
        friends(left).then().body("$", empty());
        sent(leaver).then().body("$", empty());
        assertThat(database.friendshipRows(leaver.id(), left.id())).isZero();
        assertThat(database.requestRows(leaver.id(), left.id())).isZero();
        add(leaver, left.username()).then().statusCode(201);
    }

    @Test
    void removingSomeoneWhoIsNotMyFriendIsNotFound() {
        List<User> all = users.create("FriendA", "FriendB", "Intruder");
        befriend(all.get(0), all.get(1));

        unfriend(all.get(2), all.get(1).id()).then().statusCode(404)
                .body("message", equalTo("This user is not among your friends."));
        unfriend(all.get(2), all.get(0).id()).then().statusCode(404);
        unfriend(all.get(2), UUID.randomUUID()).then().statusCode(404);
        FriendsApi.as(all.get(2)).delete("/api/friends/someone").then().statusCode(404);

        friends(all.get(0)).then().body("username", contains(all.get(1).username()));
    }

    @Test
    void friendshipsAndWhatHappenedAreAnnouncedForOtherServices() {
        List<User> pair = users.create("Announcer", "Listener");
        User a = pair.get(0);
        User b = pair.get(1);
        String key = Keys.pair(a.id(), b.id());
        String requestId = sendRequest(a, b);
        FriendsApi.approve(b, a.username()).then().statusCode(200);
        unfriend(a, b.id()).then().statusCode(204);

        List<EventEnvelope> states = read(Topics.FRIENDSHIPS, key, events -> events.size() >= 2);
        boolean inOrder = a.id().compareTo(b.id()) < 0;
        UUID first = inOrder ? a.id() : b.id();
        UUID second = inOrder ? b.id() : a.id();
        assertThat(states).extracting(event -> event.data(FriendshipState.class))
                .extracting(FriendshipState::userA, FriendshipState::userB, FriendshipState::friends)
                .containsExactly(tuple(first, second, true), tuple(first, second, false));

        List<EventEnvelope> happened = read(Topics.FRIEND_EVENTS, key, events -> events.size() >= 3);
        assertThat(happened).extracting(EventEnvelope::type)
                .containsExactly("friend-request.sent", "friend-request.approved", "friend.removed");
        assertThat(happened.get(0).data(FriendRequestSent.class).requestId()).hasToString(requestId);
        FriendRequestApproved approved = happened.get(1).data(FriendRequestApproved.class);
        assertThat(approved.senderId()).isEqualTo(a.id());
        assertThat(approved.recipientId()).isEqualTo(b.id());
        FriendRemoved removed = happened.get(2).data(FriendRemoved.class);
        assertThat(removed.userId()).isEqualTo(a.id());
        assertThat(removed.friendId()).isEqualTo(b.id());
        assertThat(removed.accountDeleted()).isFalse();
    }

    private List<EventEnvelope> read(String topic, String key, Predicate<List<EventEnvelope>> until) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrapServers, topic,
                read -> until.test(ofKey(read, key)), Duration.ofSeconds(30));
        return ofKey(records, key);
    }

    private static List<EventEnvelope> ofKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> EventCodec.decode(r.value())).toList();
    }
}

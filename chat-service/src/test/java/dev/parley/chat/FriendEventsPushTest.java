package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestApproved;
import dev.parley.contracts.events.FriendRequestCancelled;
import dev.parley.contracts.events.FriendRequestRejected;
import dev.parley.contracts.events.FriendRequestSent;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * friend-service's events reach, as frames, every socket of both users they concern (the other person, and the
 * one's own other devices), carrying ids only, and no one else's socket.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class FriendEventsPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Test
    void eachChangeToARequestOrFriendshipReachesEverySocketOfBothUsersAndNoOneElse() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        UUID requestId = UUID.randomUUID();
        Instant now = Instant.now();
        try (RawSocket alicesPhone = open(alice);
                RawSocket alicesLaptop = open(alice);
                RawSocket bobsSocket = open(bob);
                RawSocket carolsSocket = open(carol)) {
            List<RawSocket> bothUsers = List.of(alicesPhone, alicesLaptop, bobsSocket);
            Map<String, String> request = Map.of("requestId", requestId.toString(), "senderId", alice.id().toString(),
                    "recipientId", bob.id().toString());

            People.friendEvent(alice, bob, new FriendRequestSent(requestId, alice.id(), bob.id(), now));
            assertEverySocketGets(bothUsers, "friend-request-sent", request);
            People.friendEvent(alice, bob, new FriendRequestCancelled(requestId, alice.id(), bob.id(), now));
            assertEverySocketGets(bothUsers, "friend-request-cancelled", request);
            People.friendEvent(alice, bob, new FriendRequestRejected(requestId, alice.id(), bob.id(), now));
            assertEverySocketGets(bothUsers, "friend-request-rejected", request);
            People.friendEvent(alice, bob, new FriendRequestApproved(requestId, alice.id(), bob.id(), now));
            assertEverySocketGets(bothUsers, "friend-request-approved", request);
            People.friendEvent(bob, alice, new FriendRemoved(bob.id(), alice.id(), false, now));
            assertEverySocketGets(bothUsers, "friend-removed",
                    Map.of("userId", bob.id().toString(), "friendId", alice.id().toString()));

            // The frames of one pair are sent in the order of its events, so carol's would have come by now.
            assertThat(carolsSocket.within(Duration.ofMillis(500), FriendEventsPushTest::isFriendFrame))
                    .as("friend frames on a stranger's socket").isEmpty();
        }
    }

    private RawSocket open(Person person) {
        RawSocket socket = RawSocket.open(chatSocket, person.token(), DeviceId.random().toBase64Url());
        socket.next("ready");
        return socket;
    }

    private static void assertEverySocketGets(List<RawSocket> sockets, String type, Map<String, String> ids) {
        for (RawSocket socket : sockets) {
            JsonNode frame = socket.next(FriendEventsPushTest::isFriendFrame);
            Map<String, String> fields = JSON.convertValue(frame, JSON.getTypeFactory()
                    .constructMapType(Map.class, String.class, String.class));
            assertThat(fields).as("the frame").containsEntry("type", type).containsAllEntriesOf(ids)
                    .hasSize(ids.size() + 1);
        }
    }

    private static boolean isFriendFrame(JsonNode frame) {
        return frame.path("type").asText().startsWith("friend-");
    }
}

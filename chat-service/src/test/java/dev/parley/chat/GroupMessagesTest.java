package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.chat.GroupEnvelopes.Chain;
import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Group messages on the socket (PROTOCOL.md §7): stored once when sealed for the current epoch and exactly the other
 * members, taken to every other member's sockets, and refused otherwise with nothing stored.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class GroupMessagesTest {

    /** Long enough for a frame that was going to come (they arrive in milliseconds here). */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Test
    void aMessageIsStoredOnceAndReachesEveryOtherMembersSocketsButNotTheSendersOtherDevice() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        Chain chain = new Chain(alice, group);
        try (RawSocket alices = open(alice, chain.device); RawSocket alicesOther = open(alice);
                RawSocket bobs = open(bob); RawSocket bobsOther = open(bob); RawSocket carols = open(carol)) {
            ObjectNode envelope = chain.envelope(1, 1, List.of(bob.id(), carol.id()));
            alices.send(GroupEnvelopes.send("m1", envelope));

            JsonNode ack = alices.next("ack");
            assertThat(ack.path("id").asText()).isEqualTo("m1");
            assertThat(ack.path("groupId").asText()).isEqualTo(group.toString());
            assertThat(ack.has("conversationId")).isFalse();
            assertThat(ack.path("duplicate").asBoolean()).isFalse();
            String messageId = ack.path("messageId").asText();
            for (RawSocket socket : List.of(bobs, bobsOther, carols)) {
                JsonNode frame = socket.next("group-message");
                assertThat(frame.path("groupId").asText()).isEqualTo(group.toString());
                assertThat(frame.path("messageId").asText()).isEqualTo(messageId);
                assertThat(frame.path("senderId").asText()).isEqualTo(alice.id().toString());
                assertThat(frame.path("epoch").asInt()).isEqualTo(1);
                assertThat(frame.path("storedAt").asText()).isEqualTo(ack.path("storedAt").asText());
                assertThat(frame.path("envelope").toString()).as("every wrap, exactly as sent")
                        .isEqualTo(envelope.toString());
            }
            assertThat(alicesOther.within(QUIET, GroupMessagesTest::isGroupMessage))
                    .as("the sender's other device holds no wrap").isEmpty();

            alices.send(GroupEnvelopes.send("m1-again", envelope));
            JsonNode again = alices.next("ack");
            assertThat(again.path("messageId").asText()).as("a retry answered with the stored message")
                    .isEqualTo(messageId);
            assertThat(again.path("duplicate").asBoolean()).isTrue();
            assertThat(bobs.within(QUIET, GroupMessagesTest::isGroupMessage)).as("a retry is not sent again").isEmpty();

            alices.send(GroupEnvelopes.send("m1-other", chain.envelope(1, 1, List.of(bob.id(), carol.id()))));
            assertRefused(alices, "m1-other", "bad_envelope");
        }
    }

    @Test
    void aMessageSealedForAnOlderEpochIsStaleAndNamesTheCurrentOne() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob);
        Chain chain = new Chain(alice, group);
        try (RawSocket alices = open(alice, chain.device); RawSocket bobs = open(bob)) {
            Groups.add(alice, group, carol.id()).then().statusCode(200);

            alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 1, List.of(bob.id()))));
            JsonNode stale = assertRefused(alices, "m1", "stale_epoch");
            assertThat(stale.path("epoch").asInt()).isEqualTo(2);

            Groups.remove(alice, group, carol.id()).then().statusCode(200);
            alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 2, List.of(bob.id(), carol.id()))));
            assertThat(assertRefused(alices, "m1", "stale_epoch").path("epoch").asInt()).isEqualTo(3);
            assertThat(bobs.within(QUIET, GroupMessagesTest::isGroupMessage)).as("nothing stored, nothing sent")
                    .isEmpty();

            // Sealed again in the same place of the chain for the current members: nothing was stored before.
            alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 3, List.of(bob.id()))));
            assertThat(alices.next("ack").path("duplicate").asBoolean()).isFalse();
            assertThat(bobs.next("group-message").path("epoch").asInt()).isEqualTo(3);
        }
    }

    @Test
    void keysNamingOtherThanExactlyTheOtherMembersAreABadEnvelope() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        Chain chain = new Chain(alice, group);
        try (RawSocket alices = open(alice, chain.device); RawSocket bobs = open(bob)) {
            List<List<UUID>> wrongKeys = List.of(
                    List.of(bob.id()),
                    List.of(bob.id(), carol.id(), stranger.id()),
                    List.of(bob.id(), stranger.id()),
                    List.of(alice.id(), bob.id(), carol.id()));
            for (List<UUID> keys : wrongKeys) {
                alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 1, keys)));
                assertThat(assertRefused(alices, "m1", "bad_envelope").path("message").asText())
                        .isEqualTo("keys must name exactly the group's other members of epoch 1.");
            }
            ObjectNode shortWrap = chain.envelope(1, 1, List.of(bob.id(), carol.id()));
            ((ObjectNode) shortWrap.get("keys")).put(carol.id().toString(), GroupEnvelopes.random(91));
            alices.send(GroupEnvelopes.send("m1", shortWrap));
            assertRefused(alices, "m1", "bad_envelope");
            ObjectNode noEpoch = chain.envelope(1, 1, List.of(bob.id(), carol.id()));
            ((ObjectNode) noEpoch.get("header")).put("epoch", 0);
            alices.send(GroupEnvelopes.send("m1", noEpoch));
            assertRefused(alices, "m1", "bad_envelope");

            // A key twice: the frame is not read at all (the strict reader), so nothing can be stored.
            String twice = GroupEnvelopes.send("m1", chain.envelope(1, 1, List.of(bob.id(), carol.id())))
                    .replace("\"keys\":{", "\"keys\":{\"" + bob.id() + "\":\"" + GroupEnvelopes.random(92) + "\",");
            alices.send(twice);
            assertThat(alices.next("error").path("code").asText()).isEqualTo("bad_frame");

            assertThat(bobs.within(QUIET, GroupMessagesTest::isGroupMessage)).isEmpty();
            alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 1, List.of(bob.id(), carol.id()))));
            assertThat(alices.next("ack").path("duplicate").asBoolean())
                    .as("the chain position is still free: nothing refused was stored").isFalse();
        }
    }

    @Test
    void aRemovedMemberOrAStrangerCannotSendAndAForeignDeviceIsRefused() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        Chain carolsChain = new Chain(carol, group);
        Chain strangersChain = new Chain(stranger, group);
        try (RawSocket carols = open(carol, carolsChain.device);
                RawSocket strangers = open(stranger, strangersChain.device); RawSocket bobs = open(bob)) {
            carols.send(GroupEnvelopes.send("m1", carolsChain.envelope(1, 1, List.of(bob.id(), alice.id()))));
            assertThat(carols.next("ack").path("duplicate").asBoolean()).isFalse();
            bobs.next("group-message");
            Groups.remove(alice, group, carol.id()).then().statusCode(200);

            carols.send(GroupEnvelopes.send("m2", carolsChain.envelope(2, 2, List.of(bob.id(), alice.id()))));
            assertRefused(carols, "m2", "unknown_group");
            strangers.send(GroupEnvelopes.send("s1", strangersChain.envelope(1, 2, List.of(bob.id(), alice.id()))));
            assertRefused(strangers, "s1", "unknown_group");
            strangers.send(GroupEnvelopes.send("s2", new Chain(stranger, UUID.randomUUID())
                    .envelope(1, 1, List.of(bob.id()))));
            assertRefused(strangers, "s2", "device_mismatch");

            assertThat(bobs.within(QUIET, GroupMessagesTest::isGroupMessage)).isEmpty();
        }
    }

    @Test
    void aMessageToFiftyMembersReachesEachOfTheFortyNine() {
        Person alice = People.newPerson("alice");
        List<Person> others = IntStream.range(0, 49).mapToObj(i -> People.newPerson("m" + i)).toList();
        others.forEach(other -> Groups.befriend(alice, other));
        UUID group = Groups.created(alice, "Fifty", others.toArray(Person[]::new));
        Chain chain = new Chain(alice, group);
        List<RawSocket> sockets = new ArrayList<>();
        try (RawSocket alices = open(alice, chain.device)) {
            others.forEach(other -> sockets.add(open(other)));
            alices.send(GroupEnvelopes.send("m1", chain.envelope(1, 1, others.stream().map(Person::id).toList())));
            String messageId = alices.next("ack").path("messageId").asText();

            for (RawSocket socket : sockets) {
                assertThat(socket.next("group-message").path("messageId").asText()).isEqualTo(messageId);
            }
        } finally {
            sockets.forEach(RawSocket::close);
        }
    }

    private static JsonNode assertRefused(RawSocket socket, String clientId, String code) {
        JsonNode error = socket.next("error");
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.path("id").asText()).isEqualTo(clientId);
        return error;
    }

    private RawSocket open(Person person) {
        return open(person, DeviceId.random().toBase64Url());
    }

    private RawSocket open(Person person, String device) {
        RawSocket socket = RawSocket.open(chatSocket, person.token(), device);
        socket.next("ready");
        return socket;
    }

    private static boolean isGroupMessage(JsonNode frame) {
        return frame.path("type").asText().equals("group-message");
    }
}

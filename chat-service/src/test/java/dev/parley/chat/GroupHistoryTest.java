package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.GroupEnvelopes.Chain;
import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A group's history follows each reader's membership periods; delivery confirmations and read markers move forward
 * only and reach whoever may hear of them; typing reaches the other members; the group list shows activity and
 * unread counts.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class GroupHistoryTest {

    /** Long enough for a frame that was going to come (they arrive in milliseconds here). */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @TestHTTPResource("/api/chat/")
    URI groupsApi;

    @Test
    void eachMemberReadsOnlyTheMessagesOfTheirMembershipPeriods() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob);
        Chain chain = new Chain(alice, group);
        try (RawSocket alices = open(alice, chain.device)) {
            String m1 = send(alices, chain, 1, 1, bob);
            Groups.add(alice, group, carol.id()).then().statusCode(200);
            String m2 = send(alices, chain, 2, 2, bob, carol);
            Groups.remove(alice, group, carol.id()).then().statusCode(200);
            String m3 = send(alices, chain, 3, 3, bob);
            Groups.add(alice, group, carol.id()).then().statusCode(200);
            String m4 = send(alices, chain, 4, 4, bob, carol);

            Groups.messages(bob, group, "").then().statusCode(200)
                    .body("messages.id", contains(m1, m2, m3, m4))
                    .body("messages.epoch", contains(1, 2, 3, 4))
                    .body("messages[0].groupId", equalTo(group.toString()))
                    .body("messages[0].senderId", equalTo(alice.id().toString()))
                    .body("messages[0].storedAt", notNullValue())
                    .body("messages[0].envelope.header.seq", equalTo(1))
                    .body("messages[3].envelope.keys." + carol.id(), notNullValue())
                    .body("hasMore", equalTo(false));
            Groups.messages(carol, group, "").then().statusCode(200)
                    .body("messages.id", contains(m2, m4));
            Groups.get(carol, group).then().statusCode(200)
                    .body("memberships.userId", contains(alice.id().toString(), bob.id().toString(),
                            carol.id().toString(), carol.id().toString()))
                    .body("memberships.joinedEpoch", contains(1, 1, 2, 4))
                    .body("memberships[2].leftEpoch", equalTo(3))
                    .body("memberships[3].leftEpoch", nullValue())
                    .body("formerMembers", empty());

            // Paging exactly like 1:1 history, within what the reader may see.
            Groups.messages(bob, group, "?limit=1").then().statusCode(200)
                    .body("messages.id", contains(m4)).body("hasMore", equalTo(true));
            Groups.messages(bob, group, "?before=" + m4 + "&limit=2").then().statusCode(200)
                    .body("messages.id", contains(m2, m3)).body("hasMore", equalTo(true));
            Groups.messages(bob, group, "?after=" + m1 + "&limit=2").then().statusCode(200)
                    .body("messages.id", contains(m2, m3)).body("hasMore", equalTo(true));
            Groups.messages(carol, group, "?before=" + m4).then().statusCode(200)
                    .body("messages.id", contains(m2)).body("hasMore", equalTo(false));
            Groups.messages(carol, group, "?before=" + m3).then().statusCode(404)
                    .body("error", equalTo("unknown_message"));
            Groups.messages(bob, group, "?before=" + UUID.randomUUID()).then().statusCode(404)
                    .body("error", equalTo("unknown_message"));
            Groups.messages(bob, group, "?before=" + m4 + "&after=" + m1).then().statusCode(400)
                    .body("error", equalTo("bad_cursor"));
            Groups.messages(bob, group, "?limit=201").then().statusCode(400).body("error", equalTo("bad_limit"));

            Groups.remove(alice, group, bob.id()).then().statusCode(200);
            Groups.get(alice, group).then().statusCode(200)
                    .body("formerMembers.userId", contains(bob.id().toString()))
                    .body("formerMembers[0].username", equalTo(bob.username()))
                    .body("formerMembers[0].publicKey", equalTo(bob.identity().publicKey().toBase64Url()));
            for (Person outsider : List.of(bob, stranger)) {
                Groups.messages(outsider, group, "").then().statusCode(404).body("error", equalTo("unknown_group"));
                Groups.read(outsider, group, m4).then().statusCode(404).body("error", equalTo("unknown_group"));
            }
        }
    }

    @Test
    void aConfirmationMovesTheWatermarkForwardAndTellsTheSendersOfWhatItNewlyCovers() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        Chain alicesChain = new Chain(alice, group);
        Chain carolsChain = new Chain(carol, group);
        try (RawSocket alices = open(alice, alicesChain.device); RawSocket carols = open(carol, carolsChain.device);
                RawSocket bobs = open(bob); RawSocket strangers = open(stranger)) {
            String m1 = send(alices, alicesChain, 1, 1, bob, carol);
            String m2 = send(alices, alicesChain, 2, 1, bob, carol);

            bobs.send(delivered(group, m2));
            JsonNode receipt = alices.next("group-delivered");
            assertThat(receipt.path("groupId").asText()).isEqualTo(group.toString());
            assertThat(receipt.path("userId").asText()).isEqualTo(bob.id().toString());
            assertThat(receipt.path("upTo").asText()).isEqualTo(m2);
            assertThat(receipt.path("at").asText()).isNotEmpty();
            assertThat(carols.within(QUIET, frame -> isType(frame, "group-delivered")))
                    .as("carol sent nothing it covers").isEmpty();

            bobs.send(delivered(group, m1));
            assertThat(alices.within(QUIET, frame -> isType(frame, "group-delivered"))).as("never back").isEmpty();
            String m3 = send(carols, carolsChain, 1, 1, alice, bob);
            bobs.send(delivered(group, m3));
            assertThat(carols.next("group-delivered").path("upTo").asText()).isEqualTo(m3);
            assertThat(alices.within(QUIET, frame -> isType(frame, "group-delivered")))
                    .as("alice's messages were covered before").isEmpty();

            Groups.messages(alice, group, "").then().statusCode(200)
                    .body("receipts.userId", contains(bob.id().toString(), carol.id().toString()))
                    .body("receipts[0].deliveredUpTo", equalTo(m3))
                    .body("receipts[1].deliveredUpTo", nullValue());

            bobs.send(delivered(group, UUID.randomUUID().toString()));
            assertThat(bobs.next("error").path("code").asText()).isEqualTo("unknown_message");
            strangers.send(delivered(group, m1));
            assertThat(strangers.next("error").path("code").asText()).isEqualTo("unknown_group");
            bobs.send("{\"type\":\"group-delivered\",\"groupId\":\"" + group + "\"}");
            assertThat(bobs.next("error").path("code").asText()).isEqualTo("bad_frame");
        }
    }

    @Test
    void aReadMarkerReachesTheMembersWithReadReceiptsOnAndCountsUnread() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        Chain chain = new Chain(alice, group);
        try (RawSocket alices = open(alice, chain.device); RawSocket carols = open(carol); RawSocket bobs = open(bob)) {
            String m1 = send(alices, chain, 1, 1, bob, carol);
            String m2 = send(alices, chain, 2, 1, bob, carol);
            given().auth().oauth2(carol.token()).get("/api/chat/groups").then().statusCode(200)
                    .body("[0].unread", equalTo(2)).body("[0].lastActivity", notNullValue());

            Groups.read(bob, group, m1).then().statusCode(204);
            for (RawSocket socket : List.of(alices, carols)) {
                JsonNode read = socket.next("group-read");
                assertThat(read.path("groupId").asText()).isEqualTo(group.toString());
                assertThat(read.path("userId").asText()).isEqualTo(bob.id().toString());
                assertThat(read.path("upTo").asText()).isEqualTo(m1);
                assertThat(read.path("at").asText()).isNotEmpty();
            }
            Groups.get(bob, group).then().body("unread", equalTo(1));
            Groups.messages(alice, group, "").then().statusCode(200)
                    .body("receipts[0].userId", equalTo(bob.id().toString()))
                    .body("receipts[0].readUpTo", equalTo(m1))
                    .body("receipts[0].readAt", notNullValue())
                    .body("receipts[1].readUpTo", nullValue());
            Groups.read(bob, group, m1).then().statusCode(204);
            assertThat(alices.within(QUIET, frame -> isType(frame, "group-read"))).as("a marker that did not move")
                    .isEmpty();

            // carol turns read receipts off: her reads are not reported, and she sees nobody's.
            Groups.settings(carol, true, false);
            Groups.read(carol, group, m2).then().statusCode(204);
            Groups.read(bob, group, m2).then().statusCode(204);
            assertThat(alices.next("group-read").path("userId").asText()).isEqualTo(bob.id().toString());
            assertThat(carols.within(QUIET, frame -> isType(frame, "group-read"))).isEmpty();
            assertThat(alices.within(QUIET, frame -> isType(frame, "group-read"))).as("carol's read").isEmpty();
            Groups.get(carol, group).then().body("unread", equalTo(0));
            Groups.messages(alice, group, "").then()
                    .body("receipts[0].readUpTo", equalTo(m2))
                    .body("receipts[1].userId", equalTo(carol.id().toString()))
                    .body("receipts[1].readUpTo", nullValue());
            Groups.messages(carol, group, "").then()
                    .body("receipts.userId", contains(alice.id().toString(), bob.id().toString()))
                    .body("receipts[1].readUpTo", nullValue());
            Groups.settings(carol, true, true);
            Groups.messages(alice, group, "").then().body("receipts[1].readUpTo", nullValue());

            Groups.read(bob, group, UUID.randomUUID().toString()).then().statusCode(404)
                    .body("error", equalTo("unknown_message"));
        }
    }

    @Test
    void typingInAGroupReachesTheOtherMembersWithTypingIndicatorsOn() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        try (RawSocket alices = open(alice); RawSocket bobs = open(bob); RawSocket carols = open(carol);
                RawSocket strangers = open(stranger)) {
            bobs.send(typing(group));
            for (RawSocket socket : List.of(alices, carols)) {
                JsonNode frame = socket.next("typing");
                assertThat(frame.path("groupId").asText()).isEqualTo(group.toString());
                assertThat(frame.path("from").asText()).isEqualTo(bob.id().toString());
                assertThat(frame.size()).as("type, groupId and from only").isEqualTo(3);
            }
            assertThat(bobs.within(QUIET, frame -> isType(frame, "typing"))).as("the typist").isEmpty();
            assertThat(strangers.within(Duration.ZERO, frame -> isType(frame, "typing"))).isEmpty();

            strangers.send(typing(group));
            assertThat(strangers.next("error").path("code").asText()).isEqualTo("unknown_group");

            Groups.settings(carol, false, true);
            alices.send(typing(group));
            assertThat(bobs.next("typing").path("from").asText()).isEqualTo(alice.id().toString());
            carols.send(typing(group));
            assertThat(carols.within(QUIET, frame -> isType(frame, "typing") || isType(frame, "error")))
                    .as("nothing to carol, who turned them off, and no error for her own").isEmpty();
            assertThat(alices.within(Duration.ZERO, frame -> isType(frame, "typing"))).as("carol's").isEmpty();
        }
    }

    @Test
    void theListShowsTheMostRecentlyActiveGroupFirst() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        UUID older = Groups.created(alice, "Older", bob);
        UUID newer = Groups.created(alice, "Newer", bob);
        Chain chain = new Chain(alice, older);
        try (RawSocket alices = open(alice, chain.device)) {
            String message = send(alices, chain, 1, 1, bob);

            given().auth().oauth2(bob.token()).get("/api/chat/groups").then().statusCode(200)
                    .body("id", contains(older.toString(), newer.toString()))
                    .body("unread", contains(1, 0))
                    .body("[0].members", hasSize(2))
                    .body("[0].memberships", hasSize(2))
                    .body("[0].formerMembers", empty());
            Groups.read(bob, older, message).then().statusCode(204);
            given().auth().oauth2(bob.token()).get("/api/chat/groups").then().body("unread", contains(0, 0));
            given().auth().oauth2(alice.token()).get("/api/chat/groups").then()
                    .body("unread", contains(0, 0)).body("[0].id", equalTo(older.toString()));
        }
    }

    @Test
    void manyMembersCatchingUpAtOnceAreAllAnswered() throws Exception {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        UUID group = Groups.created(alice, "Busy", bob);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(groupsApi.resolve("groups/" + group + "/messages"))
                .header("Authorization", "Bearer " + bob.token()).timeout(Duration.ofSeconds(20)).build();

        // Three times the connection pool at once: each page holds a connection for its session; the receipts must
        // not wait for a second one while every connection is held.
        List<CompletableFuture<HttpResponse<String>>> pages = IntStream.range(0, 60)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();

        for (CompletableFuture<HttpResponse<String>> page : pages) {
            assertThat(page.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    /** Sends the chain's message at {@code seq} for the epoch and its recipients; the stored message's id. */
    private static String send(RawSocket socket, Chain chain, long seq, int epoch, Person... recipients) {
        socket.send(GroupEnvelopes.send("m" + seq, chain.envelope(seq, epoch,
                List.of(recipients).stream().map(Person::id).toList())));
        JsonNode ack = socket.next(frame -> isType(frame, "ack") || isType(frame, "error"));
        assertThat(ack.path("type").asText()).as(ack.toString()).isEqualTo("ack");
        return ack.path("messageId").asText();
    }

    private static String delivered(UUID group, String upTo) {
        return "{\"type\":\"group-delivered\",\"groupId\":\"" + group + "\",\"upTo\":\"" + upTo + "\"}";
    }

    private static String typing(UUID group) {
        return "{\"type\":\"typing\",\"groupId\":\"" + group + "\"}";
    }

    private RawSocket open(Person person) {
        return open(person, DeviceId.random().toBase64Url());
    }

    private RawSocket open(Person person, String device) {
        RawSocket socket = RawSocket.open(chatSocket, person.token(), device);
        socket.next("ready");
        return socket;
    }

    private static boolean isType(JsonNode frame, String type) {
        return frame.path("type").asText().equals(type);
    }
}

package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.People.Person;
import dev.parley.client.crypto.DeviceId;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** A group's membership changes reach its members' open sockets live, and the socket of a member just removed. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class GroupChangedPushTest {

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @Test
    void everyMemberAndTheRemovedOneGetTheLineOfTheRecord() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person eve = People.newPerson("eve");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        try (RawSocket bobsSocket = open(bob); RawSocket carolsSocket = open(carol); RawSocket evesSocket = open(eve)) {

            Groups.remove(alice, group, carol.id()).then().statusCode(200);

            for (RawSocket socket : List.of(bobsSocket, carolsSocket)) {
                JsonNode frame = socket.next("group-changed");
                assertThat(frame.path("groupId").asText()).isEqualTo(group.toString());
                assertThat(frame.path("epoch").asInt()).isEqualTo(2);
                JsonNode change = frame.path("change");
                assertThat(change.path("kind").asText()).isEqualTo("removed");
                assertThat(change.path("actorId").asText()).isEqualTo(alice.id().toString());
                assertThat(change.path("subjectId").asText()).isEqualTo(carol.id().toString());
                assertThat(change.path("epoch").asInt()).isEqualTo(2);
                assertThat(change.path("id").asText()).isNotEmpty();
                assertThat(change.path("at").asText()).isNotEmpty();
            }

            Groups.rename(bob, group, "Duo").then().statusCode(200);
            JsonNode renamed = bobsSocket.next("group-changed");
            assertThat(renamed.path("change").path("kind").asText()).isEqualTo("renamed");
            assertThat(renamed.path("change").path("name").asText()).isEqualTo("Duo");
            assertThat(carolsSocket.within(Duration.ofMillis(500), GroupChangedPushTest::isGroupFrame))
                    .as("a removed member hears of no later change").isEmpty();
            assertThat(evesSocket.within(Duration.ofMillis(100), GroupChangedPushTest::isGroupFrame))
                    .as("group frames on a stranger's socket").isEmpty();
        }
    }

    private RawSocket open(Person person) {
        RawSocket socket = RawSocket.open(chatSocket, person.token(), DeviceId.random().toBase64Url());
        socket.next("ready");
        return socket;
    }

    private static boolean isGroupFrame(JsonNode frame) {
        return frame.path("type").asText().equals("group-changed");
    }
}

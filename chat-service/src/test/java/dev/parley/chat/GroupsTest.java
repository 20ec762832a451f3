package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.parley.chat.People.Person;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class GroupsTest {

    @Test
    void theCreatorMakesAGroupWithFriendsWhoAllSeeIt() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);

        String id = Groups.create(alice, "  Hiking  ", List.of(bob.id(), carol.id()))
                .then().statusCode(201)
                .body("name", equalTo("Hiking"))
                .body("epoch", equalTo(1))
                .body("creatorId", equalTo(alice.id().toString()))
                .body("members.userId", contains(alice.id().toString(), bob.id().toString(), carol.id().toString()))
                .body("members.username", contains(alice.username(), bob.username(), carol.username()))
                .body("members.publicKey", hasItem(carol.identity().publicKey().toBase64Url()))
                .body("createdAt", notNullValue())
                .body("changedAt", notNullValue())
                .extract().path("id");

        // carol and bob are not friends: a member sees every member, friend or not.
        given().auth().oauth2(carol.token()).get("/api/chat/groups")
                .then().statusCode(200).body("id", contains(id)).body("[0].members.size()", equalTo(3));
        Groups.get(bob, UUID.fromString(id)).then().statusCode(200).body("name", equalTo("Hiking"));
        Groups.changes(bob, UUID.fromString(id), "").then().statusCode(200)
                .body("changes.kind", contains("created"))
                .body("changes[0].actorId", equalTo(alice.id().toString()))
                .body("changes[0].name", equalTo("Hiking"))
                .body("changes[0].epoch", equalTo(1))
                .body("changes[0].subjectId", nullValue())
                .body("hasMore", equalTo(false));
    }

    @Test
    void theListShowsTheMostRecentlyChangedGroupFirst() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        UUID older = Groups.created(alice, "Older", bob);
        UUID newer = Groups.created(alice, "Newer", bob);

        given().auth().oauth2(bob.token()).get("/api/chat/groups")
                .then().statusCode(200).body("id", contains(newer.toString(), older.toString()));
        Groups.rename(alice, older, "Renamed").then().statusCode(200);
        given().auth().oauth2(bob.token()).get("/api/chat/groups")
                .then().statusCode(200).body("id", contains(older.toString(), newer.toString()));
    }

    @Test
    void onlyTheCreatorsFriendsAreInANewGroup() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person stranger = People.newPerson("stranger");
        Groups.befriend(alice, bob);
        Chats.awaitKnown(alice, stranger);

        Groups.create(alice, "Crew", List.of(bob.id(), stranger.id()))
                .then().statusCode(403)
                .body("error", equalTo("not_a_friend"))
                .body("message", equalTo("You can only add your friends to a group."));
        assertNoGroups(alice);
        assertNoGroups(bob);
    }

    @Test
    void aNewGroupHasTwoToFiftyMembersEachListedOnce() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        List<UUID> fifty = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();

        Groups.create(alice, "Crowd", fifty).then().statusCode(400)
                .body("error", equalTo("too_many_members"))
                .body("message", equalTo("A group has at most 50 members."));
        Groups.create(alice, "Alone", List.of()).then().statusCode(400)
                .body("error", equalTo("too_few_members"));
        Groups.create(alice, "Twice", List.of(bob.id(), bob.id())).then().statusCode(400)
                .body("error", equalTo("duplicate_member"));
        Groups.create(alice, "Myself", List.of(bob.id(), alice.id())).then().statusCode(400)
                .body("error", equalTo("duplicate_member"));
        given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body("{\"name\":\"No list\"}")
                .post("/api/chat/groups").then().statusCode(400).body("error", equalTo("malformed_request"));
        assertNoGroups(alice);
    }

    @Test
    void aGroupNameHasOneToSixtyFourCharactersAndNoControlCharacters() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);

        for (String name : List.of("", "   ", "x".repeat(65), "tab\\there")) {
            Groups.create(alice, name, List.of(bob.id())).then().statusCode(400)
                    .body("error", equalTo("invalid_group_name"));
        }
        assertNoGroups(alice);

        UUID group = Groups.created(alice, "x".repeat(64), bob);
        Groups.rename(bob, group, "").then().statusCode(400).body("error", equalTo("invalid_group_name"));
        Groups.rename(bob, group, "y".repeat(65)).then().statusCode(400).body("error", equalTo("invalid_group_name"));
        Groups.get(alice, group).then().body("name", equalTo("x".repeat(64)));
    }

    @Test
    void aNonMemberGetsTheSameNotFoundAsForAGroupThatDoesNotExist() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person eve = People.newPerson("eve");
        Groups.befriend(alice, bob);
        Groups.befriend(eve, bob);
        UUID group = Groups.created(alice, "Private", bob);

        for (UUID id : List.of(group, UUID.randomUUID())) {
            List<Response> answers = List.of(Groups.get(eve, id), Groups.add(eve, id, bob.id()),
                    Groups.remove(eve, id, bob.id()), Groups.leave(eve, id), Groups.rename(eve, id, "Mine"),
                    Groups.changes(eve, id, ""));
            for (Response answer : answers) {
                answer.then().statusCode(404).body("error", equalTo("unknown_group"))
                        .body("message", equalTo("Unknown group."));
            }
        }
        assertNoGroups(eve);
        Groups.get(alice, group).then().body("name", equalTo("Private")).body("epoch", equalTo(1))
                .body("members.size()", equalTo(2));
        Groups.changes(alice, group, "").then().body("changes.size()", equalTo(1));
        given().get("/api/chat/groups/" + group).then().statusCode(401);
    }

    @Test
    void aMemberAddsTheirOwnFriendAndTheEpochMovesOn() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Person dave = People.newPerson("dave");
        Groups.befriend(alice, bob);
        Groups.befriend(bob, carol);
        Chats.awaitKnown(bob, dave);
        UUID group = Groups.created(alice, "Crew", bob);

        // carol is bob's friend, not alice's
        Groups.add(alice, group, carol.id()).then().statusCode(403).body("error", equalTo("not_a_friend"));
        Groups.add(bob, group, dave.id()).then().statusCode(403).body("error", equalTo("not_a_friend"));
        Groups.add(bob, group, alice.id()).then().statusCode(409).body("error", equalTo("already_a_member"));
        Groups.get(alice, group).then().body("epoch", equalTo(1));

        Groups.add(bob, group, carol.id()).then().statusCode(200)
                .body("epoch", equalTo(2))
                .body("members.userId", contains(alice.id().toString(), bob.id().toString(), carol.id().toString()));
        Groups.get(carol, group).then().statusCode(200).body("epoch", equalTo(2));
        Groups.changes(carol, group, "").then().statusCode(200)
                .body("changes.kind", contains("created", "added"))
                .body("changes[1].actorId", equalTo(bob.id().toString()))
                .body("changes[1].subjectId", equalTo(carol.id().toString()))
                .body("changes[1].epoch", equalTo(2));
    }

    @Test
    void theCreatorRemovesAMemberWhoThenNoLongerSeesTheGroup() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);

        Groups.remove(bob, group, carol.id()).then().statusCode(403)
                .body("error", equalTo("not_group_creator"))
                .body("message", equalTo("Only the group's creator can remove members."));
        Groups.remove(alice, group, alice.id()).then().statusCode(400).body("error", equalTo("cannot_remove_yourself"));
        Groups.remove(alice, group, UUID.randomUUID()).then().statusCode(404).body("error", equalTo("not_a_member"));
        Groups.get(alice, group).then().body("epoch", equalTo(1)).body("members.size()", equalTo(3));

        Groups.remove(alice, group, carol.id()).then().statusCode(200)
                .body("epoch", equalTo(2))
                .body("members.userId", contains(alice.id().toString(), bob.id().toString()));
        Groups.get(carol, group).then().statusCode(404).body("error", equalTo("unknown_group"));
        assertNoGroups(carol);
        Groups.changes(bob, group, "").then()
                .body("changes.kind", contains("created", "removed"))
                .body("changes[1].subjectId", equalTo(carol.id().toString()))
                .body("changes[1].epoch", equalTo(2));

        // removed, then added again: a member once more, in a new epoch
        Groups.add(alice, group, carol.id()).then().statusCode(200).body("epoch", equalTo(3));
        Groups.get(carol, group).then().statusCode(200).body("members.size()", equalTo(3));
    }

    @Test
    void aMemberLeavesAndACreatorWhoLeftLeavesNobodyWhoCanRemove() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);

        Groups.leave(bob, group).then().statusCode(204);
        Groups.get(bob, group).then().statusCode(404);
        Groups.leave(bob, group).then().statusCode(404);
        Groups.get(alice, group).then().body("epoch", equalTo(2))
                .body("members.userId", contains(alice.id().toString(), carol.id().toString()));

        Groups.leave(alice, group).then().statusCode(204);
        Groups.get(carol, group).then().statusCode(200)
                .body("epoch", equalTo(3))
                .body("creatorId", nullValue())
                .body("members.userId", contains(carol.id().toString()));
        Groups.changes(carol, group, "").then()
                .body("changes.kind", contains("created", "left", "left"))
                .body("changes.subjectId", contains(null, bob.id().toString(), alice.id().toString()))
                .body("changes.epoch", contains(1, 2, 3));
    }

    @Test
    void anyMemberRenamesWithoutChangingTheEpoch() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        UUID group = Groups.created(alice, "Crew", bob);

        Groups.rename(bob, group, " Night owls ").then().statusCode(200)
                .body("name", equalTo("Night owls")).body("epoch", equalTo(1));
        Groups.changes(alice, group, "").then()
                .body("changes.kind", contains("created", "renamed"))
                .body("changes[1].actorId", equalTo(bob.id().toString()))
                .body("changes[1].name", equalTo("Night owls"))
                .body("changes[1].epoch", equalTo(1));
    }

    @Test
    void theMembershipRecordIsPagedOldestFirst() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Groups.befriend(alice, bob);
        UUID group = Groups.created(alice, "Crew", bob);
        for (int i = 1; i <= 4; i++) {
            Groups.rename(alice, group, "Crew " + i).then().statusCode(200);
        }

        Response first = Groups.changes(bob, group, "?limit=2");
        first.then().statusCode(200).body("changes.name", contains("Crew", "Crew 1")).body("hasMore", equalTo(true));
        String cursor = first.path("changes[1].id");
        Groups.changes(bob, group, "?limit=2&after=" + cursor).then().statusCode(200)
                .body("changes.name", contains("Crew 2", "Crew 3")).body("hasMore", equalTo(true));
        Groups.changes(bob, group, "?after=" + cursor).then().statusCode(200)
                .body("changes.name", contains("Crew 2", "Crew 3", "Crew 4")).body("hasMore", equalTo(false));

        Groups.changes(bob, group, "?limit=0").then().statusCode(400).body("error", equalTo("bad_limit"));
        Groups.changes(bob, group, "?limit=201").then().statusCode(400).body("error", equalTo("bad_limit"));
        Groups.changes(bob, group, "?after=" + UUID.randomUUID()).then().statusCode(400)
                .body("error", equalTo("bad_cursor"));
    }

    @Test
    void addsAtOnceEachRaiseTheEpochOnce() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        List<Person> friends = IntStream.range(0, 6).mapToObj(i -> People.newPerson("friend" + i)).toList();
        Groups.befriend(alice, bob);
        friends.forEach(friend -> Groups.befriend(alice, friend));
        UUID group = Groups.created(alice, "Crew", bob);

        List<Integer> statuses = allAtOnce(friends.stream().map(friend -> (Supplier<Response>)
                () -> Groups.add(alice, group, friend.id())).toList());

        assertThat(statuses).containsOnly(200);
        Groups.get(alice, group).then().body("epoch", equalTo(7)).body("members.size()", equalTo(8));
        Groups.changes(alice, group, "").then().body("changes.epoch", contains(1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void addsAtOnceNeverMakeAGroupOfMoreThanFifty() {
        Person alice = People.newPerson("alice");
        List<Person> friends = IntStream.range(0, 50).mapToObj(i -> People.newPerson("friend" + i)).toList();
        friends.forEach(friend -> Groups.befriend(alice, friend));
        // alice and 47 friends: room for two more
        List<UUID> fortySeven = friends.subList(0, 47).stream().map(Person::id).toList();
        UUID group = UUID.fromString(Groups.create(alice, "Full house", fortySeven)
                .then().statusCode(201).extract().path("id"));

        List<Integer> statuses = allAtOnce(friends.subList(47, 50).stream()
                .map(friend -> (Supplier<Response>) () -> Groups.add(alice, group, friend.id()))
                .toList());

        assertThat(statuses).containsExactlyInAnyOrder(200, 200, 409);
        Groups.get(alice, group).then().body("members.size()", equalTo(50)).body("epoch", equalTo(3));
        Person refused = friends.stream().filter(friend -> !Groups.memberIds(alice, group).contains(friend.id().toString()))
                .findFirst().orElseThrow();
        Groups.add(alice, group, refused.id()).then().statusCode(409)
                .body("error", equalTo("too_many_members"))
                .body("message", equalTo("A group has at most 50 members."));
    }

    @Test
    void anEndedFriendshipRemovesNobodyFromAGroup() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);

        People.unfriend(alice, bob);
        // The friendship ended for chat-service once their conversation refuses a new opening.
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(alice.token())
                .contentType(ContentType.JSON).body("{\"friendId\":\"" + bob.id() + "\"}")
                .post("/api/chat/conversations").statusCode() == 403);

        Groups.get(bob, group).then().statusCode(200).body("epoch", equalTo(1)).body("members.size()", equalTo(3));
        // but alice can no longer add bob anywhere new
        UUID other = Groups.created(alice, "Other", carol);
        Groups.add(alice, other, bob.id()).then().statusCode(403).body("error", equalTo("not_a_friend"));
    }

    @Test
    void aDeletedUserLeavesEveryGroup() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person carol = People.newPerson("carol");
        Groups.befriend(alice, bob);
        Groups.befriend(alice, carol);
        UUID group = Groups.created(alice, "Crew", bob, carol);
        UUID another = Groups.created(bob, "Bob's", alice);

        People.delete(bob);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Groups.get(alice, group).then()
                .statusCode(200).body("epoch", equalTo(2)).body("members.userId", not(hasItem(bob.id().toString()))));
        Groups.changes(carol, group, "").then()
                .body("changes.kind", contains("created", "left"))
                .body("changes[1].actorId", equalTo(bob.id().toString()))
                .body("changes[1].subjectId", equalTo(bob.id().toString()));
        Groups.get(alice, another).then().statusCode(200).body("creatorId", nullValue())
                .body("members.userId", containsInAnyOrder(alice.id().toString()));
    }

    private static void assertNoGroups(Person person) {
        given().auth().oauth2(person.token()).get("/api/chat/groups").then().statusCode(200).body("$", empty());
    }

    /** Sends the requests together, each on a thread of its own, and answers their statuses. */
    private static List<Integer> allAtOnce(List<Supplier<Response>> requests) {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (Supplier<Response> request : requests) {
                answers.add(CompletableFuture.supplyAsync(() -> request.get().statusCode(), threads));
            }
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }
}

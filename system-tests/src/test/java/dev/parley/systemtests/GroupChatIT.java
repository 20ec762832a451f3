package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.client.api.ChatApiException;
import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ChatSendException;
import dev.parley.client.chat.GroupConversation;
import dev.parley.client.chat.ReceivedGroupMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IntegrityProblem;

/**
 * A group of three real users through the whole stack, with the Java client library (PROTOCOL.md §7): every message
 * is sealed once with a wrap per other member and checked by each reader's client; after the creator removes a member,
 * the removed member's client receives nothing more (live or from history), its sends are refused, and the two
 * remaining members keep verifying every message, the removed member's earlier ones included (read with the former
 * member's key from a new device's catch-up).
 * <p>
 * Three users of its own, so that the fixture's users and groups stay as they were.
 */
@ExtendWith(StackExtension.class)
class GroupChatIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void threeMembersReadEachOtherAndARemovedMemberReadsNothingAfterTheRemoval(SystemStack stack, Fixture fixture)
            throws Exception {
        TestUser ann = TestUser.signUp(stack, fixture.freshUsername("ann"));
        TestUser ben = TestUser.signUp(stack, fixture.freshUsername("ben"));
        TestUser cat = TestUser.signUp(stack, fixture.freshUsername("cat"));
        befriend(stack, ann, ben);
        befriend(stack, ann, cat);
        GroupInfo created = TestUser.eventually(() -> Fixture.chatApi(stack, ann).groups()
                .create("Three of us", List.of(ben.id(), cat.id())), TestUser.status(403));
        UUID groupId = created.id();

        Member annSide = new Member(stack, ann, groupId);
        Member benSide = new Member(stack, ben, groupId);
        Member catSide = new Member(stack, cat, groupId);
        try (annSide; benSide; catSide) {
            List<Member> all = List.of(annSide, benSide, catSide);
            for (Member member : all) {
                member.send("1 from " + member.user.username());
                member.send("2 from " + member.user.username());
            }
            for (Member member : all) {
                await(member.user + " has the other two's messages", () -> member.received.size() >= 4);
            }
            for (Member member : all) {
                List<String> othersWrote = all.stream().filter(other -> other != member)
                        .flatMap(other -> Stream.of("1 from " + other.user.username(), "2 from " + other.user.username()))
                        .toList();
                assertThat(member.received).as("%s verifies every message of the others", member.user)
                        .hasSize(4).allMatch(message -> message.verification().isIntact());
                assertThat(member.texts()).as("%s reads what the others wrote", member.user)
                        .containsExactlyInAnyOrderElementsOf(othersWrote);
            }

            GroupInfo afterRemoval = annSide.client.api().groups().remove(groupId, cat.id());
            assertThat(afterRemoval.epoch()).isEqualTo(2);
            await("cat's client learns it is no member", () -> catSide.noLongerMember.isDone());
            await("ann's and ben's clients read the new membership",
                    () -> annSide.group.info().epoch() == 2 && benSide.group.info().epoch() == 2);
            int catHad = catSide.received.size();

            annSide.send("3 from " + ann.username() + ", after cat left");
            benSide.send("3 from " + ben.username() + ", after cat left");
            await("ann and ben have each other's newest", () -> annSide.received.size() == 5 && benSide.received.size() == 5);
            assertThatThrownBy(() -> catSide.group.send("from cat, removed").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("a removed member's send is refused").isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOfAny(ChatSendException.class,
                            ChatApiException.class));
            TestUser.pause(Duration.ofSeconds(2));

            assertThat(annSide.received.get(4).verification().isIntact()).isTrue();
            assertThat(benSide.received.get(4).verification().isIntact()).isTrue();
            assertThat(catSide.received).as("cat receives nothing sent after the removal").hasSize(catHad);
            assertThatThrownBy(() -> catSide.client.api().groups().newest(groupId, 50))
                    .as("nor reads it from history").isInstanceOf(ChatApiException.class)
                    .satisfies(e -> assertThat(((ChatApiException) e).error()).isEqualTo("unknown_group"));

            try (Member bensNewDevice = new Member(stack, ben, groupId)) {
                await("ben's new device caught up", () -> bensNewDevice.received.size() == 8);
                assertThat(bensNewDevice.received).as("the others' messages, cat's from before the removal too, "
                        + "verified with the former member's key").filteredOn(message -> !message.senderId().equals(ben.id()))
                        .hasSize(5).allMatch(message -> message.verification().isIntact());
                assertThat(bensNewDevice.received).as("ben's own, from another device, hold no wrap for him (§8)")
                        .filteredOn(message -> message.senderId().equals(ben.id()))
                        .hasSize(3).allMatch(message -> message.verification().problem()
                                .equals(Optional.of(IntegrityProblem.KEY_MISSING)));
            }
        }
    }

    /** {@code from} asks {@code to} to be friends and {@code to} approves; returns once chat-service knows it. */
    private static void befriend(SystemStack stack, TestUser from, TestUser to) {
        TestUser.eventually(() -> stack.api().call("POST", "/api/friends/requests", from.accessToken(),
                Map.of("username", to.username()), Map.class), TestUser.status(503, 404));
        stack.api().call("POST", "/api/friends/requests/received/approve", to.accessToken(),
                Map.of("usernames", List.of(from.username())), Map.class);
        Fixture.awaitFriendshipKnown(stack, from, to);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT.toSeconds() + " s: " + what);
            }
            TestUser.pause(Duration.ofMillis(100));
        }
    }

    /** One device of a member, joined to the group, keeping what its listener is told. */
    private static final class Member implements AutoCloseable {

        final TestUser user;
        final ChatClient client;
        final GroupConversation group;
        final List<ReceivedGroupMessage> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> noLongerMember = new CompletableFuture<>();

        Member(SystemStack stack, TestUser user, UUID groupId) throws Exception {
            this.user = user;
            this.client = ChatClient.builder().server(stack.gatewayUrl()).httpClient(stack.http())
                    .user(user.id(), user.session().vault().identity()).deviceId(DeviceId.random())
                    .accessToken(user::accessToken).deliveredDelay(Duration.ofMillis(100))
                    .listener(new ChatListener() {
                        @Override
                        public void onGroupMessage(ReceivedGroupMessage message) {
                            received.add(message);
                        }

                        @Override
                        public void onNoLongerGroupMember(UUID group) {
                            noLongerMember.complete(null);
                        }
                    }).build();
            this.group = client.joinGroup(groupId);
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void send(String text) throws Exception {
            group.send(text).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        List<String> texts() {
            return received.stream().map(message -> message.verification().message().orElseThrow().body().text())
                    .toList();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}

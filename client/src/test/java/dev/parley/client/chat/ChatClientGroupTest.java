package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.GroupEpoch;
import dev.parley.client.crypto.GroupMessageEnvelope;
import dev.parley.client.crypto.GroupPairKey;
import dev.parley.client.crypto.GroupSendingChain;
import dev.parley.client.crypto.GroupVerifier;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IntegrityProblem;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.VerificationResult;
import dev.parley.client.state.ClientStateStore;

/**
 * The chat client in a group (PROTOCOL.md §7) against a fake server: it seals for the current members and seals again
 * in the same chain position after {@code stale_epoch}, refuses a member's swapped key before deriving anything, and
 * checks, confirms and remembers what it receives across a restart.
 */
class ChatClientGroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_PAGE = "{\"messages\":[],\"hasMore\":false,\"receipts\":[]}";

    private final UUID groupId = UUID.randomUUID();
    private final Member me = new Member("alice");
    private final Member bob = new Member("bob");
    private final Member carol = new Member("carol");

    @Test
    void aMessageRefusedAsStaleIsSealedAgainForTheNewMembersInTheSamePlaceOfTheChain() throws Exception {
        try (FakeChatServer server = new FakeChatServer()) {
            String[] group = {groupJson(1, List.of(me, bob), List.of())};
            server.rest = target -> target.contains("/messages") ? EMPTY_PAGE : group[0];
            try (ChatClient client = client(server, null, DeviceId.random(), new CopyOnWriteArrayList<>())) {
                client.connect().get(10, TimeUnit.SECONDS);
                GroupConversation conversation = client.joinGroup(groupId);
                await(() -> server.restRequests.stream().anyMatch(target -> target.contains("/messages")));

                group[0] = groupJson(2, List.of(me, bob, carol), List.of());
                server.groupEpoch = 2;
                GroupSendReceipt first = conversation.send("hello, both").get(10, TimeUnit.SECONDS);
                conversation.send("and again").get(10, TimeUnit.SECONDS);

                assertThat(first.groupId()).isEqualTo(groupId);
                assertThat(conversation.info().epoch()).isEqualTo(2);
            }
            List<GroupMessageEnvelope> sent = server.sends.stream()
                    .map(send -> GroupMessageEnvelope.fromJson(send.get("envelope").toString())).toList();
            assertThat(sent).extracting(envelope -> envelope.header().epoch().getAsLong()).containsExactly(1L, 2L, 2L);
            assertThat(sent).extracting(envelope -> envelope.header().seq()).as("the refused one sealed again in its place")
                    .containsExactly(1L, 1L, 2L);
            assertThat(sent.get(1).recipients()).containsExactlyInAnyOrder(bob.id(), carol.id());
            List<GroupEpoch> epochs = List.of(new GroupEpoch(1, Set.of(me.id(), bob.id())),
                    new GroupEpoch(2, Set.of(me.id(), bob.id(), carol.id())));
            for (Member reader : List.of(bob, carol)) {
                GroupVerifier verifier = reader.verifierOf(groupId, me, epochs);
                assertThat(sent.subList(1, 3)).extracting(envelope -> verifier.verify(envelope.toJson()))
                        .as(reader.name + " reads the stored messages as one unbroken chain")
                        .allMatch(VerificationResult::isIntact);
            }
        }
    }

    @Test
    void aMembersKeySwappedByTheServerIsRefusedBeforeAnythingIsDerivedOrSent() throws Exception {
        PinnedKeys pins = PinnedKeys.inMemory();
        pins.pin(UUID.fromString(bob.id()), bob.identity.publicKey());
        Member swappedBob = new Member("bob", UUID.fromString(bob.id()), IdentityKeyPair.generate());
        try (FakeChatServer server = new FakeChatServer()) {
            server.rest = target -> target.contains("/messages") ? EMPTY_PAGE
                    : groupJson(1, List.of(me, swappedBob), List.of());
            try (ChatClient client = ChatClient.builder().server(server.uri()).user(me.uuid(), me.identity)
                    .deviceId(DeviceId.random()).accessToken(() -> "a token").pinnedKeys(pins).build()) {
                client.connect().get(10, TimeUnit.SECONDS);

                FriendKeyChangedException change = null;
                try {
                    client.joinGroup(groupId);
                } catch (FriendKeyChangedException e) {
                    change = e;
                }

                assertThat(change).isNotNull();
                assertThat(change.presentedKey()).isEqualTo(swappedBob.identity.publicKey());
                assertThat(pins.pinned(UUID.fromString(bob.id()))).contains(bob.identity.publicKey());
                assertThatThrownBy(() -> client.joinGroup(groupId)).isInstanceOf(FriendKeyChangedException.class);

                client.acceptFriendKey(change);
                client.joinGroup(groupId).send("after comparing").get(10, TimeUnit.SECONDS);
            }
            assertThat(server.sends).as("nothing sent before the key was accepted").hasSize(1);
            GroupVerifier swappedView = swappedBob.verifierOf(groupId, me,
                    List.of(new GroupEpoch(1, Set.of(me.id(), bob.id()))));
            assertThat(swappedView.verify(server.sends.get(0).get("envelope").toString()).isIntact()).isTrue();
        }
    }

    @Test
    void receivedMessagesAreCheckedAndConfirmedAndARestartedClientContinuesItsChainAndRefusesAReplay(
            @TempDir Path folder) throws Exception {
        GroupSendingChain bobsChain = GroupSendingChain.start(groupId.toString(), bob.id(), DeviceId.random());
        GroupEpoch epoch = new GroupEpoch(1, Set.of(me.id(), bob.id()));
        List<GroupPairKey> bobsKeys = List.of(bob.pairKeyWith(groupId, me));
        String one = bobsChain.seal(new MessageBody("one", Instant.now()), epoch, bobsKeys).toJson();
        String two = bobsChain.seal(new MessageBody("two", Instant.now()), epoch, bobsKeys).toJson();
        UUID oneId = UUID.randomUUID();
        UUID twoId = UUID.randomUUID();
        DeviceId device = DeviceId.random();
        List<ReceivedGroupMessage> received = new CopyOnWriteArrayList<>();
        try (FakeChatServer server = new FakeChatServer()) {
            String group = groupJson(1, List.of(me, bob), List.of());
            String[] history = {page(Map.of(oneId, one))};
            server.rest = target -> target.contains("/messages") ? history[0] : group;
            try (ChatClient client = client(server, ClientStateStore.inFolder(folder), device, received)) {
                client.connect().get(10, TimeUnit.SECONDS);
                GroupConversation conversation = client.joinGroup(groupId);
                await(() -> received.size() == 1);
                server.push(liveMessage(twoId, two));
                await(() -> received.size() == 2);
                await(() -> server.otherFrames.stream().anyMatch(frame -> frame.path("upTo").asText().equals(twoId.toString())));
                conversation.send("mine, one").get(10, TimeUnit.SECONDS);
            }
            assertThat(received).extracting(message -> message.verification().isIntact()).containsExactly(true, true);
            assertThat(received).extracting(ReceivedGroupMessage::live).containsExactly(false, true);
            assertThat(server.otherFrames).as("delivery confirmed as group-delivered")
                    .allMatch(frame -> frame.path("type").asText().equals("group-delivered")
                            && frame.path("groupId").asText().equals(groupId.toString()));

            history[0] = page(Map.of(UUID.randomUUID(), one));
            try (ChatClient restarted = client(server, ClientStateStore.inFolder(folder), device, received)) {
                restarted.connect().get(10, TimeUnit.SECONDS);
                restarted.joinGroup(groupId).send("mine, two").get(10, TimeUnit.SECONDS);
                await(() -> received.size() == 3);
            }
            assertThat(server.restRequests).as("the restart catches up after the last message seen")
                    .anyMatch(target -> target.contains("after=" + twoId));
            assertThat(received.get(2).verification().problem()).as("bob's first message, served again under a new id")
                    .contains(IntegrityProblem.REPLAYED_OR_REORDERED);
            GroupVerifier bobsView = bob.verifierOf(groupId, me, List.of(epoch));
            assertThat(server.sends).extracting(send -> bobsView.verify(send.get("envelope").toString()))
                    .as("bob reads one unbroken chain across the restart").allMatch(VerificationResult::isIntact)
                    .extracting(result -> result.message().orElseThrow().header().seq()).containsExactly(1L, 2L);
        }
    }

    private ChatClient client(FakeChatServer server, ClientStateStore state, DeviceId device,
            List<ReceivedGroupMessage> received) {
        return ChatClient.builder().server(server.uri()).user(me.uuid(), me.identity).deviceId(device)
                .accessToken(() -> "a token").state(state).deliveredDelay(Duration.ofMillis(20))
                .listener(new ChatListener() {
                    @Override
                    public void onGroupMessage(ReceivedGroupMessage message) {
                        received.add(message);
                    }
                }).build();
    }

    private String groupJson(long epoch, List<Member> members, List<Member> former) {
        ObjectNode group = JSON.createObjectNode().put("id", groupId.toString()).put("name", "Team").put("epoch", epoch)
                .put("creatorId", me.id()).put("createdAt", Instant.now().toString())
                .put("changedAt", Instant.now().toString());
        members.forEach(member -> member.addTo(group.withArray("members")));
        former.forEach(member -> member.addTo(group.withArray("formerMembers")));
        ArrayNode memberships = group.putArray("memberships");
        for (Member member : members) {
            // Who is in epoch 1 joined in it; anyone else joined in the current epoch.
            boolean founder = member == me || member.name.equals("bob");
            memberships.addObject().put("userId", member.id()).put("joinedEpoch", founder ? 1 : epoch);
        }
        return group.toString();
    }

    private String page(Map<UUID, String> messages) throws Exception {
        ObjectNode page = JSON.createObjectNode().put("hasMore", false);
        page.putArray("receipts");
        ArrayNode list = page.putArray("messages");
        for (Map.Entry<UUID, String> message : messages.entrySet()) {
            list.add(storedMessage(message.getKey(), message.getValue()));
        }
        return page.toString();
    }

    private String liveMessage(UUID messageId, String envelope) throws Exception {
        return storedMessage(messageId, envelope).put("type", "group-message").toString();
    }

    private ObjectNode storedMessage(UUID messageId, String envelope) throws Exception {
        ObjectNode message = JSON.createObjectNode().put("id", messageId.toString())
                .put("messageId", messageId.toString()).put("groupId", groupId.toString()).put("senderId", bob.id())
                .put("epoch", 1).put("storedAt", Instant.now().toString());
        message.set("envelope", JSON.readTree(envelope));
        return message;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** A user of the test with an identity key: the client's own user or another member. */
    private static final class Member {

        private final String name;
        private final UUID userId;
        private final IdentityKeyPair identity;

        Member(String name) {
            this(name, UUID.randomUUID(), IdentityKeyPair.generate());
        }

        Member(String name, UUID userId, IdentityKeyPair identity) {
            this.name = name;
            this.userId = userId;
            this.identity = identity;
        }

        UUID uuid() {
            return userId;
        }

        String id() {
            return userId.toString();
        }

        void addTo(ArrayNode members) {
            members.addObject().put("userId", id()).put("username", name)
                    .put("publicKey", identity.publicKey().toBase64Url());
        }

        GroupPairKey pairKeyWith(UUID groupId, Member other) {
            return GroupPairKey.derive(identity, other.id(), other.identity.publicKey(), groupId.toString());
        }

        GroupVerifier verifierOf(UUID groupId, Member sender, List<GroupEpoch> epochs) {
            return new GroupVerifier(groupId.toString(), id(), new ArrayList<>(List.of(pairKeyWith(groupId, sender))),
                    epochs);
        }
    }
}

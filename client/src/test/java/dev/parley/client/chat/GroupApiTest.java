package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatModels.GroupChangePage;
import dev.parley.client.api.ChatModels.GroupHistoryPage;
import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.GroupReceipt;
import dev.parley.client.api.ChatModels.Membership;
import dev.parley.client.api.GroupApi;

/** The group endpoints' answers read into the models, against the fake server's canned answers. */
class GroupApiTest {

    private static final UUID GROUP = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    private static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final UUID MESSAGE = UUID.fromString("00000000-0000-4000-8000-0000000000e1");

    @Test
    void aGroupComesWithItsFormerMembersAndEveryMembershipPeriod() throws Exception {
        try (FakeChatServer server = new FakeChatServer()) {
            server.rest = target -> "{\"id\":\"" + GROUP + "\",\"name\":\"Team\",\"epoch\":3,\"creatorId\":\"" + ALICE
                    + "\",\"members\":[{\"userId\":\"" + ALICE + "\",\"username\":\"alice\",\"publicKey\":\"k1\"}],"
                    + "\"formerMembers\":[{\"userId\":\"" + BOB + "\",\"username\":\"bob\",\"publicKey\":\"k2\"}],"
                    + "\"memberships\":[{\"userId\":\"" + ALICE + "\",\"joinedEpoch\":1},{\"userId\":\"" + BOB
                    + "\",\"joinedEpoch\":1,\"leftEpoch\":3}],\"createdAt\":\"2026-12-04T08:00:00Z\","
                    + "\"changedAt\":\"2026-12-04T08:05:00Z\",\"later\":true}";

            GroupInfo group = api(server).get(GROUP);

            assertThat(server.restRequests).containsExactly("/api/chat/groups/" + GROUP);
            assertThat(group.epoch()).isEqualTo(3);
            assertThat(group.formerMembers()).extracting(member -> member.username()).containsExactly("bob");
            assertThat(group.memberships()).containsExactly(new Membership(ALICE, 1, null), new Membership(BOB, 1, 3L));
            assertThat(group.memberships().get(1).covers(2)).isTrue();
            assertThat(group.memberships().get(1).covers(3)).as("the epoch bob left in is the first without him")
                    .isFalse();
            assertThat(group.changedAt()).isEqualTo(Instant.parse("2026-12-04T08:05:00Z"));
        }
    }

    @Test
    void aHistoryPageKeepsEachEnvelopeAsItsJsonAndReadsTheReceipts() throws Exception {
        try (FakeChatServer server = new FakeChatServer()) {
            server.rest = target -> "{\"messages\":[{\"id\":\"" + MESSAGE + "\",\"groupId\":\"" + GROUP
                    + "\",\"senderId\":\"" + ALICE + "\",\"epoch\":2,\"storedAt\":\"2026-12-04T08:00:00Z\","
                    + "\"envelope\":{\"header\":{\"seq\":1},\"keys\":{}}}],\"hasMore\":true,\"receipts\":[{\"userId\":\""
                    + BOB + "\",\"deliveredUpTo\":\"" + MESSAGE + "\"}]}";

            GroupHistoryPage page = api(server).before(GROUP, MESSAGE, 20);

            assertThat(server.restRequests).containsExactly("/api/chat/groups/" + GROUP + "/messages?before=" + MESSAGE
                    + "&limit=20");
            assertThat(page.hasMore()).isTrue();
            assertThat(page.messages()).singleElement().satisfies(message -> {
                assertThat(message.epoch()).isEqualTo(2);
                assertThat(message.envelope()).isEqualTo("{\"header\":{\"seq\":1},\"keys\":{}}");
            });
            assertThat(page.receipts()).containsExactly(new GroupReceipt(BOB, MESSAGE, null, null));
        }
    }

    @Test
    void theMembershipRecordPagesAfterAChange() throws Exception {
        try (FakeChatServer server = new FakeChatServer()) {
            server.rest = target -> "{\"changes\":[{\"id\":\"" + MESSAGE + "\",\"kind\":\"removed\",\"epoch\":3,"
                    + "\"actorId\":\"" + ALICE + "\",\"subjectId\":\"" + BOB + "\",\"at\":\"2026-12-04T08:00:00Z\"}],"
                    + "\"hasMore\":false}";

            GroupChangePage page = api(server).changesAfter(GROUP, MESSAGE, 50);

            assertThat(server.restRequests).containsExactly("/api/chat/groups/" + GROUP + "/changes?after=" + MESSAGE
                    + "&limit=50");
            assertThat(page.changes()).singleElement().satisfies(change -> {
                assertThat(change.kind()).isEqualTo("removed");
                assertThat(change.subjectId()).isEqualTo(BOB);
                assertThat(change.name()).isNull();
            });
        }
    }

    private static GroupApi api(FakeChatServer server) {
        return new ChatApi(HttpClient.newHttpClient(), server.uri(), () -> "a token").groups();
    }
}

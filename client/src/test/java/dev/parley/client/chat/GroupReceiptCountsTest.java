package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.GroupReceipt;

class GroupReceiptCountsTest {

    private static final UUID GROUP = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CAROL = UUID.randomUUID();
    private static final UUID DAVE = UUID.randomUUID();
    private final UUID m1 = UUID.randomUUID();
    private final UUID m2 = UUID.randomUUID();
    private final UUID m3 = UUID.randomUUID();

    @Test
    void aMemberCountsForEveryMessageUpToTheirWatermarkInTheHistoryOrder() {
        GroupReceiptCounts counts = new GroupReceiptCounts(GROUP, List.of(m1, m2, m3), List.of(
                new GroupReceipt(BOB, m3, m1, Instant.now()), new GroupReceipt(CAROL, m2, null, null)));
        Set<UUID> recipients = Set.of(BOB, CAROL, DAVE);

        assertThat(counts.deliveredTo(m1, recipients)).isEqualTo(2);
        assertThat(counts.deliveredTo(m2, recipients)).isEqualTo(2);
        assertThat(counts.deliveredTo(m3, recipients)).isEqualTo(1);
        assertThat(counts.readBy(m1, recipients)).isEqualTo(1);
        assertThat(counts.readBy(m2, recipients)).isZero();
        assertThat(counts.deliveredTo(m3, Set.of(CAROL, DAVE))).as("only the message's recipients count").isZero();
    }

    @Test
    void eventsMoveTheWatermarksAndOneNamingALaterMessageCountsOnceItIsKnown() {
        GroupReceiptCounts counts = new GroupReceiptCounts(GROUP, List.of(m1), List.of());
        Set<UUID> recipients = Set.of(BOB, CAROL);
        UUID later = UUID.randomUUID();

        counts.delivered(new GroupMemberReceipt(GROUP, BOB, later, Instant.now()));
        counts.read(new GroupMemberReceipt(UUID.randomUUID(), CAROL, m1, Instant.now()));

        assertThat(counts.deliveredTo(m1, recipients)).as("a message not known yet").isZero();
        assertThat(counts.readBy(m1, recipients)).as("another group's receipt").isZero();
        counts.newer(later);
        assertThat(counts.deliveredTo(m1, recipients)).isEqualTo(1);
        assertThat(counts.deliveredTo(later, recipients)).isEqualTo(1);
    }

    @Test
    void anOlderPageGoesBeforeEveryKnownMessage() {
        GroupReceiptCounts counts = new GroupReceiptCounts(GROUP, List.of(m3), List.of(
                new GroupReceipt(BOB, m2, null, null)));

        counts.older(List.of(m1, m2));

        assertThat(counts.deliveredTo(m1, Set.of(BOB))).isEqualTo(1);
        assertThat(counts.deliveredTo(m2, Set.of(BOB))).isEqualTo(1);
        assertThat(counts.deliveredTo(m3, Set.of(BOB))).isZero();
    }
}

package dev.parley.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class OutboxBacklogSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

    @Test
    void theOldestWaitingRowsAgeIsCountedFromItsCreationToNow() {
        OutboxBacklog.Snapshot snapshot = new OutboxBacklog.Snapshot(3, NOW.minusMillis(12_500));

        assertThat(snapshot.oldestAgeSeconds(NOW)).isEqualTo(12.5);
    }

    @Test
    void anEmptyOutboxHasNoAge() {
        assertThat(OutboxBacklog.Snapshot.EMPTY.oldestAgeSeconds(NOW)).isZero();
    }

    @Test
    void aRowCreatedByAClockAheadOfThisOneHasNotWaitedANegativeTime() {
        assertThat(new OutboxBacklog.Snapshot(1, NOW.plusSeconds(2)).oldestAgeSeconds(NOW)).isZero();
    }
}

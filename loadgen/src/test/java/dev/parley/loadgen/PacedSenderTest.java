package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PacedSenderTest {

    private record Sent(long nth, long intended, String thread) {
    }

    @Test
    void sendsEveryMessageOfTheScheduleWithItsIntendedTimeEachSenderInOrderOnOneThread() {
        int senders = 7;
        int rate = 20_000;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long end = start + TimeUnit.MILLISECONDS.toNanos(100);
        Map<Integer, List<Sent>> bySender = new ConcurrentHashMap<>();

        try (PacedSender sending = PacedSender.start(senders, rate, 3, start, end, (sender, nth, intended) ->
                bySender.computeIfAbsent(sender, ignored -> new ArrayList<>())
                        .add(new Sent(nth, intended, Thread.currentThread().getName())))) {
            sending.await();
            assertThat(sending.lag().count()).isEqualTo(2000);
        }

        assertThat(bySender.values().stream().mapToInt(List::size).sum()).isEqualTo(2000);
        bySender.forEach((sender, sent) -> {
            for (int i = 0; i < sent.size(); i++) {
                long n = (long) i * senders + sender;
                assertThat(sent.get(i).nth()).isEqualTo(i + 1);
                assertThat(sent.get(i).intended()).isEqualTo(PacedSender.dueAt(start, n, rate));
            }
            assertThat(sent.stream().map(Sent::thread).distinct()).hasSize(1);
        });
        assertThat(bySender.values().stream().map(sent -> sent.get(0).thread()).distinct()).hasSize(3);
    }

    @Test
    void aFailedSendFailsTheRun() {
        long start = System.nanoTime();
        try (PacedSender sending = PacedSender.start(2, 1000, 1, start, start + TimeUnit.SECONDS.toNanos(5),
                (sender, nth, intended) -> {
                    throw new IllegalStateException("boom");
                })) {
            assertThatThrownBy(sending::await).hasMessageContaining("boom");
        }
    }

    @Test
    void dueTimesFollowTheRateExactly() {
        assertThat(Set.of(PacedSender.dueAt(100, 0, 2500), PacedSender.dueAt(100, 2500, 2500),
                PacedSender.dueAt(100, 1, 3))).containsExactlyInAnyOrder(100L, 1_000_000_100L, 333_333_433L);
    }
}

package dev.parley.chat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class GroupCommitTest {

    /** A writer that answers each item with its text upper-cased once the test lets its batch finish. */
    private final List<List<String>> batches = new ArrayList<>();
    private final List<CompletableFuture<Void>> finishes = new ArrayList<>();

    /** The linger's clock and timers, moved by the test. */
    private long now = 1_000_000_000L;
    private final List<Runnable> timers = new ArrayList<>();
    private final GroupCommit.Linger linger = new GroupCommit.Linger(WINDOW, 3, (delay, task) -> timers.add(task),
            () -> now);

    private static final long WINDOW = 2_000_000;

    private GroupCommit<String, String> commit(int maxQueued, int maxBatch) {
        return commit(maxQueued, maxBatch, GroupCommit.Linger.none());
    }

    private GroupCommit<String, String> commit(int maxQueued, int maxBatch, GroupCommit.Linger linger) {
        return new GroupCommit<>(maxQueued, maxBatch, 1, linger, batch -> {
            batches.add(batch.stream().map(GroupCommit.Waiting::item).toList());
            CompletableFuture<Void> finish = new CompletableFuture<>();
            finishes.add(finish);
            return Uni.createFrom().completionStage(finish)
                    .invoke(() -> batch.forEach(waiting -> waiting.complete(waiting.item().toUpperCase())));
        }, () -> new IllegalStateException("overloaded"));
    }

    @Test
    void itemsArrivingWhileABatchIsWrittenGoTogetherIntoTheNextOne() {
        GroupCommit<String, String> commit = commit(100, 10);
        UniAssertSubscriber<String> a = commit.submit("a").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> b = commit.submit("b").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> c = commit.submit("c").subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(batches).containsExactly(List.of("a"));
        finishes.get(0).complete(null);
        a.assertItem("A");
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
        b.assertNotTerminated();
        finishes.get(1).complete(null);
        b.assertItem("B");
        c.assertItem("C");
    }

    @Test
    void aBatchTakesAtMostMaxBatchItems() {
        GroupCommit<String, String> commit = commit(100, 2);
        for (String item : List.of("a", "b", "c", "d", "e")) {
            commit.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create());
        }
        finishes.get(0).complete(null);
        finishes.get(1).complete(null);
        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    @Test
    void pastTheQueueLimitANewItemIsRefusedAtOnceAndTheQueuedOnesAreStillWritten() {
        GroupCommit<String, String> commit = commit(2, 10);
        commit.submit("written").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> first = commit.submit("q1").subscribe().withSubscriber(UniAssertSubscriber.create());
        commit.submit("q2").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> refused = commit.submit("q3").subscribe().withSubscriber(UniAssertSubscriber.create());

        refused.assertFailedWith(IllegalStateException.class, "overloaded");
        assertThat(commit.queued()).isEqualTo(2);
        finishes.get(0).complete(null);
        finishes.get(1).complete(null);
        first.assertItem("Q1");
        assertThat(batches).containsExactly(List.of("written"), List.of("q1", "q2"));
    }

    @Test
    void aFailedBatchFailsItsItemsAndTheNextBatchIsWrittenAllTheSame() {
        GroupCommit<String, String> commit = commit(100, 10);
        UniAssertSubscriber<String> lost = commit.submit("lost").subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> next = commit.submit("next").subscribe().withSubscriber(UniAssertSubscriber.create());

        finishes.get(0).completeExceptionally(new IllegalArgumentException("database down"));
        lost.assertFailedWith(IllegalArgumentException.class, "database down");
        finishes.get(1).complete(null);
        next.assertItem("NEXT");
    }

    @Test
    void sendsThatComeSeldomAreWrittenAtOnceDespiteTheLinger() {
        GroupCommit<String, String> commit = commit(100, 10, linger);
        for (String item : List.of("a", "b", "c")) {
            commit.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create());
            assertThat(batches.get(batches.size() - 1)).containsExactly(item);
            finishes.get(finishes.size() - 1).complete(null);
            now += 10 * WINDOW;
        }
        assertThat(timers).isEmpty();
    }

    @Test
    void whileSendsComeOftenerThanOnceAWindowASmallBatchWaitsForMoreUntilTheTimer() {
        GroupCommit<String, String> commit = commit(100, 10, linger);
        commit.submit("a").subscribe().withSubscriber(UniAssertSubscriber.create()); // written: nothing to go by yet
        now += WINDOW / 4;
        commit.submit("b").subscribe().withSubscriber(UniAssertSubscriber.create());
        finishes.get(0).complete(null);

        assertThat(batches).containsExactly(List.of("a"));
        assertThat(timers).hasSize(1);
        now += WINDOW / 4;
        UniAssertSubscriber<String> c = commit.submit("c").subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(batches).hasSize(1);
        now += WINDOW;
        timers.remove(0).run();

        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
        finishes.get(1).complete(null);
        c.assertItem("C");
    }

    @Test
    void aBatchWithEnoughSendsStartsWithoutWaiting() {
        GroupCommit<String, String> commit = commit(100, 10, linger);
        commit.submit("a").subscribe().withSubscriber(UniAssertSubscriber.create());
        for (String item : List.of("b", "c")) {
            now += WINDOW / 4;
            commit.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create());
        }
        finishes.get(0).complete(null); // b and c wait for more: fewer than three
        now += WINDOW / 4;
        commit.submit("d").subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
        timers.forEach(Runnable::run); // the wait's timer, when it fires, finds nothing to write
        assertThat(batches).hasSize(2);
    }
}

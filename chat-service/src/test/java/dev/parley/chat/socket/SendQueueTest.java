package dev.parley.chat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class SendQueueTest {

    /** Which sends started, and the switch that finishes each. */
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<Void>> finishes = new ArrayList<>();

    private boolean offer(SendQueue queue, String name) {
        return queue.offer(() -> {
            started.add(name);
            CompletableFuture<Void> finish = new CompletableFuture<>();
            finishes.add(finish);
            return Uni.createFrom().completionStage(finish);
        });
    }

    @Test
    void sendsRunOneAtATimeInTheOrderTheyCame() {
        SendQueue queue = new SendQueue(10);
        offer(queue, "a");
        offer(queue, "b");
        offer(queue, "c");

        assertThat(started).containsExactly("a");
        finishes.get(0).complete(null);
        assertThat(started).containsExactly("a", "b");
        finishes.get(1).completeExceptionally(new IllegalStateException("refused")); // a failure moves on too
        assertThat(started).containsExactly("a", "b", "c");
        finishes.get(2).complete(null);
        assertThat(queue.waiting()).isZero();
        offer(queue, "d");
        assertThat(started).containsExactly("a", "b", "c", "d");
    }

    @Test
    void pastItsCapacityASendIsRefusedAndNothingIsKept() {
        SendQueue queue = new SendQueue(2);
        assertThat(offer(queue, "running")).isTrue();
        assertThat(offer(queue, "first waiting")).isTrue();
        assertThat(offer(queue, "second waiting")).isTrue();

        assertThat(offer(queue, "one too many")).isFalse();
        assertThat(queue.waiting()).isEqualTo(2);
        finishes.get(0).complete(null);
        assertThat(offer(queue, "room again")).isTrue();
        finishes.get(1).complete(null);
        finishes.get(2).complete(null);
        assertThat(started).containsExactly("running", "first waiting", "second waiting", "room again");
    }

    @Test
    void closingDropsWhatWaitsAndWhatComesLater() {
        SendQueue queue = new SendQueue(10);
        offer(queue, "running");
        offer(queue, "waiting");

        queue.close();
        finishes.get(0).complete(null);
        offer(queue, "after close");

        assertThat(started).containsExactly("running");
    }

    @Test
    void aSendThatWaitedRunsOnTheContextItsFrameCameOn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            SendQueue queue = new SendQueue(10);
            CompletableFuture<Void> firstDone = new CompletableFuture<>();
            CompletableFuture<Context> secondRanOn = new CompletableFuture<>();
            CountDownLatch offered = new CountDownLatch(1);
            context.runOnContext(ignored -> {
                queue.offer(() -> Uni.createFrom().completionStage(firstDone));
                queue.offer(() -> {
                    secondRanOn.complete(Vertx.currentContext());
                    return Uni.createFrom().voidItem();
                });
                offered.countDown();
            });
            assertThat(offered.await(5, TimeUnit.SECONDS)).isTrue();

            firstDone.complete(null); // on this thread, as a store finishing on another thread would
            assertThat(secondRanOn.get(5, TimeUnit.SECONDS)).isSameAs(context);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}

package dev.parley.chat.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.MessageStore;
import dev.parley.chat.repository.MessageStore.NewMessage;
import dev.parley.chat.repository.MessageStore.Outcome;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: sends that arrive while a batch is being stored wait and go together into the next one, one
 * statement and one commit (one WAL flush) for many messages. A send is answered once its batch committed; then its
 * frame goes to the recipient (see {@link LiveDelivery}), and the batch's delivery_pending row is deleted along with
 * the next batch once Kafka acknowledged every record, or by the sweeper's timer when no batch comes.
 * <p>
 * The queue is bounded: past {@code parley.chat.store.max-queued} sends wait, a new one is refused with the
 * retryable {@code overloaded} error at once, so an instance given more than it can store keeps its memory and
 * answers quickly instead of queueing without end.
 */
@ApplicationScoped
public class MessageWriter {

    /** A send's result: stored now, or its chain position was taken before (a retry, or another envelope). */
    public sealed interface Result {
    }

    public record Stored(UUID publicId, UUID conversationId, UUID recipientId, Instant storedAt) implements Result {
    }

    public record PositionTaken() implements Result {
    }

    private record Waiting(NewMessage message, Context context, UniEmitter<? super Result> emitter) {
    }

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);

    private final MessageStore store;
    private final LiveDelivery delivery;
    private final FrameWriter frames;
    private final Clock clock;
    private final int maxQueued;
    private final int maxBatch;
    private final int maxBatchesInFlight;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger batchesInFlight = new AtomicInteger();
    /** delivery_pending rows whose records Kafka acknowledged, deleted with the next batch. */
    private final Queue<Long> delivered = new ConcurrentLinkedQueue<>();
    private final Counter stored;
    private final Counter refused;
    private final Timer batchTime;

    MessageWriter(MessageStore store, LiveDelivery delivery, FrameWriter frames, Clock clock, ChatConfig config,
            MeterRegistry metrics) {
        this.store = store;
        this.delivery = delivery;
        this.frames = frames;
        this.clock = clock;
        this.maxQueued = config.store().maxQueued();
        this.maxBatch = config.store().maxBatch();
        this.maxBatchesInFlight = config.store().maxBatchesInFlight();
        this.stored = Counter.builder("parley.chat.messages.stored").description("Messages stored").register(metrics);
        this.refused = Counter.builder("parley.chat.sends.refused").tag("reason", "overloaded")
                .description("Sends refused because the store queue was full").register(metrics);
        this.batchTime = Timer.builder("parley.chat.store.batch").description("Time to store one batch of sends")
                .register(metrics);
        metrics.gauge("parley.chat.store.queued", queued);
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        // Pending rows normally leave with the next batch; when traffic stops, this takes the last ones.
        vertx.setPeriodic(1000, ignored -> deleteDeliveredWithoutBatch());
    }

    /** Queues a checked envelope for the next batch; the item comes on the caller's context once it committed. */
    public Uni<Result> write(NewMessage message) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                refused.increment();
                emitter.fail(overloaded());
                return;
            }
            queue.add(new Waiting(message, Vertx.currentContext(), emitter));
            flush();
        });
    }

    private void flush() {
        while (!queue.isEmpty()) {
            int running = batchesInFlight.get();
            if (running >= maxBatchesInFlight) {
                return;
            }
            if (!batchesInFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiting> batch = take();
            if (batch.isEmpty()) {
                batchesInFlight.decrementAndGet();
                continue;
            }
            storeBatch(batch);
        }
    }

    private List<Waiting> take() {
        List<Waiting> batch = new ArrayList<>(Math.min(maxBatch, queued.get()));
        Waiting next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        return batch;
    }

    private void storeBatch(List<Waiting> batch) {
        long begin = System.nanoTime();
        Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Long> confirmed = drain(delivered);
        store.store(batch.stream().map(Waiting::message).toList(), storedAt, confirmed).subscribe().with(
                result -> {
                    batchTime.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
                    batchesInFlight.decrementAndGet();
                    flush();
                    answer(batch, result, storedAt);
                },
                failure -> {
                    delivered.addAll(confirmed);
                    batchesInFlight.decrementAndGet();
                    flush();
                    LOG.warnf("A batch of %d sends was not stored: %s", batch.size(), failure.getMessage());
                    batch.forEach(waiting -> fail(waiting, failure));
                });
    }

    private void answer(List<Waiting> batch, MessageStore.Batch result, Instant storedAt) {
        List<LiveDelivery.Frame> live = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Waiting waiting = batch.get(i);
            Outcome outcome = result.outcomes().get(i);
            NewMessage message = waiting.message();
            if (!outcome.member()) {
                fail(waiting, ConversationService.unknownConversation());
            } else if (!outcome.friends()) {
                fail(waiting, ConversationService.notAFriend());
            } else if (!outcome.stored()) {
                complete(waiting, new PositionTaken());
            } else {
                stored.increment();
                complete(waiting, new Stored(message.publicId(), message.conversationId(), outcome.friendId(), storedAt));
                live.add(new LiveDelivery.Frame(outcome.friendId(), message.publicId(), frames.write(new Frames.Message(
                        message.conversationId(), message.publicId(), message.senderId(), storedAt, message.envelope()))));
            }
        }
        Long pendingId = result.pendingId();
        delivery.deliver(live).subscribe().with(
                allPublished -> {
                    if (allPublished && pendingId != null) {
                        delivered.add(pendingId);
                    }
                },
                failure -> LOG.warnf("Live delivery of %d messages failed; the sweeper sends them: %s", live.size(),
                        failure.getMessage()));
    }

    private void deleteDeliveredWithoutBatch() {
        if (delivered.isEmpty() || batchesInFlight.get() > 0) {
            return;
        }
        List<Long> confirmed = drain(delivered);
        store.deletePending(confirmed).subscribe().with(ignored -> {
        }, failure -> delivered.addAll(confirmed));
    }

    private static void complete(Waiting waiting, Result result) {
        run(waiting.context(), () -> waiting.emitter().complete(result));
    }

    private static void fail(Waiting waiting, Throwable failure) {
        run(waiting.context(), () -> waiting.emitter().fail(failure));
    }

    /** Answers on the sender's context, where its socket handler (and a Hibernate session, for retries) belongs. */
    private static void run(Context context, Runnable task) {
        if (context == null) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    private static <T> List<T> drain(Queue<T> queue) {
        List<T> drained = new ArrayList<>();
        T next;
        while ((next = queue.poll()) != null) {
            drained.add(next);
        }
        return drained;
    }

    static ApiException overloaded() {
        return new ApiException(503, "overloaded", "The server is busy; the message was not stored. Try again.");
    }
}

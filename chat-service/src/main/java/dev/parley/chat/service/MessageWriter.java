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

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.delivery.DeliveryPublisher.Publication;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.MessageStore;
import dev.parley.chat.repository.MessageStore.NewMessage;
import dev.parley.chat.repository.MessageStore.Outcome;
import dev.parley.chat.service.GroupCommit.Waiting;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.tracing.MessageTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Stores sends in batches ({@link GroupCommit}): one statement and one commit for every send that arrived while the
 * previous batch was written. A send is answered once its batch committed and its frame went to the recipient (see
 * {@link #answer}); the batch's delivery_pending row is deleted along with a later batch once Kafka acknowledged
 * every record, or by a timer when no batch comes.
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

    /** A checked envelope waiting for its batch, with the trace of its send frame. */
    private record Send(NewMessage message, Context trace) {
    }

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);

    private final MessageStore store;
    private final LiveDelivery delivery;
    private final FrameWriter frames;
    private final MessageTraces traces;
    private final Clock clock;
    private final GroupCommit<Send, Result> batches;
    /** delivery_pending rows whose records Kafka acknowledged, deleted with the next batch. */
    private final Queue<Long> delivered = new ConcurrentLinkedQueue<>();
    private final Counter stored;
    private final Counter refused;
    private final Timer batchTime;
    private final DistributionSummary batchSize;

    MessageWriter(MessageStore store, LiveDelivery delivery, FrameWriter frames, MessageTraces traces, Clock clock,
            ChatConfig config, MeterRegistry metrics, Vertx vertx) {
        this.store = store;
        this.delivery = delivery;
        this.frames = frames;
        this.traces = traces;
        this.clock = clock;
        this.batches = new GroupCommit<>(config.store().maxQueued(), config.store().maxBatch(),
                config.store().maxBatchesInFlight(),
                GroupCommit.Linger.onVertx(vertx, config.store().linger(), config.store().readyBatch()),
                this::storeBatch, MessageWriter::overloaded);
        this.stored = Counter.builder("parley.chat.messages.stored").description("Messages stored").register(metrics);
        this.refused = Counter.builder("parley.chat.sends.refused").tag("reason", "overloaded")
                .description("Sends refused because the store queue was full").register(metrics);
        this.batchTime = Timer.builder("parley.chat.store.batch").description("Time to store one batch of sends")
                .register(metrics);
        this.batchSize = DistributionSummary.builder("parley.chat.store.batch.sends")
                .description("Sends stored by one batch").register(metrics);
        metrics.gauge("parley.chat.store.queued", batches, GroupCommit::queued);
    }

    void start(@Observes StartupEvent startup, Vertx vertx) {
        // Pending rows normally leave with the next batch; when traffic stops, this takes the last ones.
        vertx.setPeriodic(1000, ignored -> deleteDeliveredWithoutBatch());
    }

    /** Queues a checked envelope for the next batch; the item comes on the caller's context once it committed. */
    public Uni<Result> write(NewMessage message, Context trace) {
        return batches.submit(new Send(message, trace)).onFailure(MessageWriter::isOverloaded)
                .invoke(() -> refused.increment());
    }

    private Uni<Void> storeBatch(List<Waiting<Send, Result>> batch) {
        long begin = System.nanoTime();
        batchSize.record(batch.size());
        Instant storedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Long> confirmed = drain(delivered);
        List<Span> storeSpans = traces.startStore(batch.stream().map(waiting -> waiting.item().trace()).toList());
        return store.store(batch.stream().map(waiting -> waiting.item().message()).toList(), storedAt, confirmed)
                .onFailure().invoke(failure -> {
                    MessageTraces.stored(storeSpans, failure);
                    delivered.addAll(confirmed);
                    LOG.warnf("A batch of %d sends was not stored: %s", batch.size(), failure.getMessage());
                })
                .invoke(result -> {
                    MessageTraces.stored(storeSpans, null);
                    batchTime.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
                    answer(batch, result, storedAt);
                })
                .replaceWithVoid();
    }

    /**
     * Live frames first, answers after: a sender hears that message n is stored only once its frame is on the
     * recipient's local sockets or acknowledged by Kafka, so message n+1 can never reach the recipient before it, not
     * even when this instance dies at once and the sender carries on at another: a frame only in the producer's
     * buffer would die with the process, and the sweeper's copy come after n+1. (A frame Kafka did not take within
     * the publish timeout is answered all the same; the sweeper sends it.)
     */
    private void answer(List<Waiting<Send, Result>> batch, MessageStore.Batch result, Instant storedAt) {
        List<LiveDelivery.Frame> live = new ArrayList<>(batch.size());
        List<Runnable> answers = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Waiting<Send, Result> waiting = batch.get(i);
            Outcome outcome = result.outcomes().get(i);
            NewMessage message = waiting.item().message();
            Context trace = waiting.item().trace();
            if (!outcome.member()) {
                answers.add(() -> waiting.fail(ConversationService.unknownConversation()));
            } else if (!outcome.friends()) {
                answers.add(() -> waiting.fail(ConversationService.notAFriend()));
            } else if (!outcome.stored()) {
                answers.add(() -> waiting.complete(new PositionTaken()));
            } else {
                stored.increment();
                Stored answer = new Stored(message.publicId(), message.conversationId(), outcome.friendId(), storedAt);
                answers.add(() -> waiting.complete(answer));
                live.add(new LiveDelivery.Frame(outcome.friendId(), message.publicId(), frames.write(new Frames.Message(
                        message.conversationId(), message.publicId(), message.senderId(), storedAt, message.envelope())),
                        trace, storedAt));
            }
        }
        Long pendingId = result.pendingId();
        delivery.deliver(live, result.recipientSlots()).chain(Publication::acknowledged).subscribe().with(
                allPublished -> {
                    answers.forEach(Runnable::run);
                    if (allPublished && pendingId != null) {
                        delivered.add(pendingId);
                    }
                },
                failure -> {
                    // Stored all the same: the sweeper publishes what could not be now.
                    LOG.warnf("Live delivery of %d messages failed; the sweeper sends them: %s", live.size(),
                            failure.getMessage());
                    answers.forEach(Runnable::run);
                });
    }

    private void deleteDeliveredWithoutBatch() {
        if (delivered.isEmpty() || batches.writing()) {
            return;
        }
        List<Long> confirmed = drain(delivered);
        store.deletePending(confirmed).subscribe().with(ignored -> {
        }, failure -> delivered.addAll(confirmed));
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
        return new ApiException(503, ErrorCode.OVERLOADED,
                "The server is busy; the message was not stored. Try again.");
    }

    private static boolean isOverloaded(Throwable failure) {
        return failure instanceof ApiException api && api.error() == ErrorCode.OVERLOADED;
    }
}

package dev.parley.chat.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Group commit: items that arrive while a batch is being written wait and go together into the next one, so one
 * statement and one commit (one WAL flush) serve many requests. At most {@code maxInFlight} batches are written at
 * once; past {@code maxQueued} waiting items a new one is refused at once with the given failure, so a service given
 * more than it can write keeps its memory and answers quickly instead of queueing without end.
 * <p>
 * The writer gets each batch with its items' {@link Waiting} handles and answers each of them; answers are delivered
 * on the context the item was submitted on.
 */
public final class GroupCommit<T, R> {

    /** One submitted item, answered by the writer. */
    public static final class Waiting<T, R> {

        private final T item;
        private final Context context;
        private final UniEmitter<? super R> emitter;

        private Waiting(T item, Context context, UniEmitter<? super R> emitter) {
            this.item = item;
            this.context = context;
            this.emitter = emitter;
        }

        public T item() {
            return item;
        }

        public void complete(R result) {
            run(() -> emitter.complete(result));
        }

        public void fail(Throwable failure) {
            run(() -> emitter.fail(failure));
        }

        private void run(Runnable answer) {
            if (context == null) {
                answer.run();
            } else {
                context.runOnContext(ignored -> answer.run());
            }
        }
    }

    private final int maxQueued;
    private final int maxBatch;
    private final int maxInFlight;
    private final Function<List<Waiting<T, R>>, Uni<Void>> writer;
    private final Supplier<RuntimeException> overloaded;
    private final Queue<Waiting<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param writer writes one batch and answers every item of it; its Uni ends when the next batch may start (a
     *               failure of it fails the items it did not answer)
     */
    public GroupCommit(int maxQueued, int maxBatch, int maxInFlight, Function<List<Waiting<T, R>>, Uni<Void>> writer,
            Supplier<RuntimeException> overloaded) {
        this.maxQueued = maxQueued;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.writer = writer;
        this.overloaded = overloaded;
    }

    /** Queues an item for the next batch; the answer comes on the caller's context. */
    public Uni<R> submit(T item) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                emitter.fail(overloaded.get());
                return;
            }
            queue.add(new Waiting<>(item, Vertx.currentContext(), emitter));
            flush();
        });
    }

    /** Items waiting for a batch. */
    public int queued() {
        return queued.get();
    }

    /** Whether a batch is being written. */
    public boolean writing() {
        return inFlight.get() > 0;
    }

    private void flush() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiting<T, R>> batch = take();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            write(batch);
        }
    }

    private List<Waiting<T, R>> take() {
        List<Waiting<T, R>> batch = new ArrayList<>(Math.min(maxBatch, Math.max(1, queued.get())));
        Waiting<T, R> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        return batch;
    }

    private void write(List<Waiting<T, R>> batch) {
        Uni<Void> written;
        try {
            written = writer.apply(batch);
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(ignored -> {
            inFlight.decrementAndGet();
            flush();
        }, failure -> {
            inFlight.decrementAndGet();
            flush();
            batch.forEach(waiting -> waiting.fail(failure));
        });
    }
}

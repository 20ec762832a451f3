package dev.parley.chat.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
 * <p>
 * With a {@link Linger}, a batch that could start with fewer than {@link Linger#enough} items waits up to
 * {@link Linger#window} for more, but only while items arrive more often than once a window (an average of the gaps
 * between them): then the wait fills the batch, and a commit serves several sends instead of one or two. A send that
 * comes alone is written at once, so an idle service answers as fast as without it.
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

    /**
     * How long a small batch may wait for more items, and how many are enough to start at once. {@code schedule} runs
     * a task after a delay in nanoseconds; {@code nanoTime} is the clock the gaps are measured with.
     */
    public record Linger(long windowNanos, int enough, BiConsumer<Long, Runnable> schedule, LongSupplier nanoTime) {

        /** On Vert.x timers and {@link System#nanoTime()}. */
        public static Linger onVertx(Vertx vertx, Duration window, int enough) {
            return new Linger(window.toNanos(), enough,
                    // Rounded up: a timer that fired before the wait is over would leave the batch waiting.
                    (delay, task) -> vertx.setTimer(Math.max(1, (delay + 999_999) / 1_000_000), id -> task.run()),
                    System::nanoTime);
        }

        public static Linger none() {
            return new Linger(0, 1, (delay, task) -> task.run(), System::nanoTime);
        }
    }

    /** The weight of the newest gap in the average: about the last ten gaps count. */
    private static final double GAP_WEIGHT = 0.1;

    private final int maxQueued;
    private final int maxBatch;
    private final int maxInFlight;
    private final Function<List<Waiting<T, R>>, Uni<Void>> writer;
    private final Supplier<RuntimeException> overloaded;
    private final Queue<Waiting<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Linger linger;
    /** When the batch being gathered stops waiting for more ({@link System#nanoTime()}); 0 when none is waiting. */
    private final AtomicLong lingerUntil = new AtomicLong();
    private long lastArrival;
    private double averageGapNanos = Double.MAX_VALUE;

    /**
     * @param writer writes one batch and answers every item of it; its Uni ends when the next batch may start (a
     *               failure of it fails the items it did not answer)
     */
    public GroupCommit(int maxQueued, int maxBatch, int maxInFlight, Function<List<Waiting<T, R>>, Uni<Void>> writer,
            Supplier<RuntimeException> overloaded) {
        this(maxQueued, maxBatch, maxInFlight, Linger.none(), writer, overloaded);
    }

    public GroupCommit(int maxQueued, int maxBatch, int maxInFlight, Linger linger,
            Function<List<Waiting<T, R>>, Uni<Void>> writer, Supplier<RuntimeException> overloaded) {
        this.linger = linger;
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
            if (linger.windowNanos() > 0) {
                arrived(); // the gaps only matter to a linger
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
            if (running >= maxInFlight || waitingForMore()) {
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

    private synchronized void arrived() {
        long now = linger.nanoTime().getAsLong();
        if (lastArrival != 0) {
            long gap = now - lastArrival;
            averageGapNanos = averageGapNanos == Double.MAX_VALUE ? gap
                    : averageGapNanos + GAP_WEIGHT * (gap - averageGapNanos);
        }
        lastArrival = now;
    }

    private synchronized boolean arrivingOftenerThanOnceAWindow() {
        return averageGapNanos < linger.windowNanos();
    }

    /**
     * Whether the batch that could start now waits for more items: a timer ends the wait. Once the wait is over (or
     * enough items came), the next batch starts without one.
     */
    private boolean waitingForMore() {
        if (linger.windowNanos() <= 0 || queued.get() >= linger.enough()) {
            return false;
        }
        long until = lingerUntil.get();
        long now = linger.nanoTime().getAsLong();
        if (until != 0) {
            return now - until < 0;
        }
        if (!arrivingOftenerThanOnceAWindow()) {
            return false;
        }
        if (lingerUntil.compareAndSet(0, now + linger.windowNanos())) {
            linger.schedule().accept(linger.windowNanos(), this::flush);
        }
        return true; // this thread's wait or another's: either timer flushes
    }

    private List<Waiting<T, R>> take() {
        lingerUntil.set(0);
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

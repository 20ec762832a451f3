package dev.parley.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed total rate on an exact schedule, round-robin over the senders: message n is due at
 * {@code start + n / rate}, whatever happened to the ones before it. Latency counts from that intended time, so a
 * stall anywhere (the stack, the client library, this load generator) shows as latency instead of quietly lowering
 * the rate and hiding the messages that would have waited (coordinated omission). When the schedule falls behind,
 * the messages already due go out at once, still carrying their intended times.
 * <p>
 * The client library's send seals the message (AES-GCM, SHA-256, canonical JSON) and writes the frame, so the
 * schedule is shared out over a few worker threads, each waiting for its own next message and sending it itself (no
 * hand-over from a pacing thread, whose wake-up would add to every message's latency). A sender always belongs to
 * the same worker, which keeps its messages in schedule order: a device's chain is sealed, and its n-th message
 * numbered, in that order. {@link #lag()} says how late the workers got to the messages: the part of the latency
 * this process added before the send.
 */
final class PacedSender implements AutoCloseable {

    /** Sends one message of the schedule. */
    @FunctionalInterface
    interface Send {
        /**
         * @param sender        which sender, round-robin
         * @param nth           the sender's n-th message, from 1 (the seq of its chain, for a new device)
         * @param intendedNanos when the schedule wanted it sent, in {@link System#nanoTime()}
         */
        void send(int sender, long nth, long intendedNanos);
    }

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int senders;
    private final int rate;
    private final long start;
    private final long end;
    private final Send send;
    private final List<Thread> workers = new ArrayList<>();
    private final Latencies lag = new Latencies();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CompletableFuture<Void> done;

    private PacedSender(int senders, int rate, int threads, long start, long end, Send send) {
        if (senders < 1 || rate < 1 || threads < 1) {
            throw new IllegalArgumentException("senders, rate and threads must be positive");
        }
        this.senders = senders;
        this.rate = rate;
        this.start = start;
        this.end = end;
        this.send = send;
        int count = Math.min(threads, senders);
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int worker = i;
            CompletableFuture<Void> workerDone = new CompletableFuture<>();
            finished.add(workerDone);
            Thread thread = new Thread(() -> pace(worker, count, workerDone), "loadgen-send-" + i);
            thread.setDaemon(true);
            workers.add(thread);
        }
        this.done = CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new));
    }

    /**
     * Starts sending the messages due from {@code start} until before {@code end} (both {@link System#nanoTime()}),
     * from {@code threads} workers.
     */
    static PacedSender start(int senders, int rate, int threads, long start, long end, Send send) {
        PacedSender sender = new PacedSender(senders, rate, threads, start, end, send);
        sender.workers.forEach(Thread::start);
        return sender;
    }

    /** When message n of the schedule is due. */
    static long dueAt(long start, long n, int rate) {
        return start + n * NANOS_PER_SECOND / rate;
    }

    /** Fails as the sending failed, if it did; returns at once otherwise. */
    void rethrowFailure() {
        if (done.isCompletedExceptionally()) {
            await();
        }
    }

    /** Waits until every message of the schedule was handed to the client library; fails as the sending failed. */
    void await() {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Sending failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How late the sends started after their intended times, since the last call (since the start, the first time). */
    Latencies.Summary lag() {
        return Latencies.Summary.of(lag.interval());
    }

    @Override
    public void close() {
        workers.forEach(Thread::interrupt);
    }

    /** One worker's share of the schedule: the messages of the senders {@code worker}, {@code worker + workers}... */
    private void pace(int worker, int workerCount, CompletableFuture<Void> workerDone) {
        try {
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                long due = dueAt(start, n, rate);
                if (due >= end) {
                    break;
                }
                int sender = (int) (n % senders);
                if (sender % workerCount != worker) {
                    continue;
                }
                waitUntil(due);
                RuntimeException failed = failure.get();
                if (failed != null) {
                    throw failed; // another worker's
                }
                sendOne(sender, n / senders + 1, due);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("closed before the schedule ended");
            }
            workerDone.complete(null);
        } catch (InterruptedException | RuntimeException e) {
            workerDone.completeExceptionally(e);
        }
    }

    private void sendOne(int sender, long nth, long intendedNanos) {
        lag.record((System.nanoTime() - intendedNanos) / 1000);
        try {
            send.send(sender, nth, intendedNanos);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            throw e;
        }
    }

    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}

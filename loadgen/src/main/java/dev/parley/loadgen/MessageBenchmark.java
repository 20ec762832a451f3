package dev.parley.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.loadgen.Pairs.Pair;

/**
 * Pairs of friends send each other encrypted messages at a steady total rate, every one sealed by the sender's
 * client and opened and checked by the recipient's (PROTOCOL.md §4), over WebSockets through the gateway.
 * <p>
 * A message's text is its intended send time on the {@link PacedSender}'s schedule ({@link System#nanoTime()}), so
 * the recipient (in the same JVM) measures the whole way from when the message should have left: any wait for the
 * sender, sealing, the socket, storing, the chat-messages topic, delivery, opening and checking. Only messages due
 * after the warm-up count; throughput counts what was acknowledged and what arrived during the measured window,
 * and the stack's CPU is read at the window's two ends ({@link StackMonitor}).
 */
final class MessageBenchmark {

    /**
     * What one run found. {@code sent}: messages due in the window; {@code persisted}, {@code delivered}: acks and
     * arrivals during it; {@code undelivered}: messages due in the window that had not arrived {@link #DRAIN} after
     * it; {@code sendLag}: how late the sends of the window started after their intended times.
     */
    record Result(int pairs, int offeredPerSecond, Duration warmup, Duration window, long sent, long persisted,
            long delivered, Latencies.Summary latency, Latencies.Summary sendLag, long undelivered, long failedSends,
            long errorFrames, long integrityProblems, StackMonitor.Usage usage) {

        double persistedPerSecond() {
            return persisted / (window.toNanos() / 1e9);
        }

        double deliveredPerSecond() {
            return delivered / (window.toNanos() / 1e9);
        }
    }

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Http http;
    private final List<Pair> pairs;
    private final int rate;
    private final Duration warmup;
    private final Duration window;
    private final int sendThreads;
    private final StackMonitor monitor;

    private final Latencies latencies = new Latencies();
    private final AtomicLong sentInWindow = new AtomicLong();
    private final AtomicLong deliveredOfWindow = new AtomicLong();
    private final AtomicLong ackedDuringWindow = new AtomicLong();
    private final AtomicLong deliveredDuringWindow = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private final ErrorFrames errorFrames = new ErrorFrames();
    private final AtomicLong integrityProblems = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    MessageBenchmark(Http http, List<Pair> pairs, int rate, Duration warmup, Duration window, int sendThreads,
            StackMonitor monitor) {
        this.http = http;
        this.pairs = pairs;
        this.rate = rate;
        this.warmup = warmup;
        this.window = window;
        this.sendThreads = sendThreads;
        this.monitor = monitor;
    }

    Result run() {
        StackMonitor.Usage usage;
        Latencies.Summary sendLag;
        try (PairClients clients = PairClients.connect(http, pairs, new Recipient())) {
            List<Conversation> senders = clients.sides().stream().map(PairClients.Side::conversation).toList();
            System.out.printf("Sending %d msgs/s from %d threads: %d s warm-up, then %d s measured...%n", rate,
                    sendThreads, warmup.toSeconds(), window.toSeconds());
            long start = System.nanoTime();
            windowStart = start + warmup.toNanos();
            windowEnd = windowStart + window.toNanos();
            try (PacedSender sending = PacedSender.start(senders.size(), rate, sendThreads, start, windowEnd,
                    (sender, nth, intended) -> send(senders.get(sender), intended))) {
                Pairs.sleepUntil(windowStart);
                StackMonitor.Sample first = monitor.sample();
                sending.lag(); // the warm-up's, not reported
                Pairs.sleepUntil(windowEnd);
                usage = monitor.between(first, monitor.sample());
                sending.await();
                sendLag = sending.lag();
            }
            Pairs.sleep(DRAIN);
        }
        return new Result(pairs.size(), rate, warmup, window, sentInWindow.get(), ackedDuringWindow.get(),
                deliveredDuringWindow.get(), Latencies.Summary.of(latencies.interval()), sendLag,
                sentInWindow.get() - deliveredOfWindow.get(), failedSends.get(), errorFrames.count(),
                integrityProblems.get(), usage);
    }

    /** One message of the schedule; its text is the time it was due. */
    private void send(Conversation conversation, long intendedNanos) {
        if (inWindow(intendedNanos)) {
            sentInWindow.incrementAndGet();
        }
        conversation.send("t" + intendedNanos).whenComplete((receipt, failure) -> {
            if (failure != null) {
                failedSends.incrementAndGet();
            } else if (inWindow(System.nanoTime())) {
                ackedDuringWindow.incrementAndGet();
            }
        });
    }

    private boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    /** Every client's listener: checks and times what arrives. */
    private final class Recipient implements ChatListener {

        @Override
        public void onMessage(ReceivedMessage message) {
            long now = System.nanoTime();
            if (!message.verification().isIntact()) {
                integrityProblems.incrementAndGet();
                return;
            }
            String text = message.verification().message().orElseThrow().body().text();
            long intended = Long.parseLong(text.substring(1));
            if (inWindow(now)) {
                deliveredDuringWindow.incrementAndGet();
            }
            if (inWindow(intended)) {
                deliveredOfWindow.incrementAndGet();
                latencies.record((now - intended) / 1000);
            }
        }

        @Override
        public void onError(ChatError error) {
            errorFrames.add(error);
        }
    }
}

package dev.parley.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.loadgen.Pairs.Pair;

/**
 * Pairs of friends send each other encrypted messages at a steady total rate, every one sealed by the sender's
 * client and opened and checked by the recipient's (PROTOCOL.md §4), over WebSockets through the gateway.
 * <p>
 * A message's text is the sender's {@link System#nanoTime()} at the send, so the recipient (in the same JVM) measures
 * the whole way: sealing, the socket, storing, the chat-messages topic, delivery, opening and checking. Only messages
 * sent after the warm-up count; throughput counts what arrived during the measured window.
 */
final class MessageBenchmark {

    /** What one run found. */
    record Result(int pairs, int offeredPerSecond, Duration window, long sent, double persistedPerSecond,
            double deliveredPerSecond, Latencies latencies, long missing, long errors, long integrityProblems) {
    }

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Http http;
    private final List<Pair> pairs;
    private final int rate;
    private final Duration warmup;
    private final Duration window;

    private final Latencies latencies = new Latencies();
    private final AtomicLong sentInWindow = new AtomicLong();
    private final AtomicLong deliveredOfWindow = new AtomicLong();
    private final AtomicLong ackedDuringWindow = new AtomicLong();
    private final AtomicLong deliveredDuringWindow = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong integrityProblems = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    MessageBenchmark(Http http, List<Pair> pairs, int rate, Duration warmup, Duration window) {
        this.http = http;
        this.pairs = pairs;
        this.rate = rate;
        this.warmup = warmup;
        this.window = window;
    }

    Result run() {
        try (PairClients clients = PairClients.connect(http, pairs, new Recipient())) {
            System.out.printf("Sending %d msgs/s: %d s warm-up, then %d s measured...%n", rate, warmup.toSeconds(),
                    window.toSeconds());
            send(clients.sides().stream().map(PairClients.Side::conversation).toList());
            Pairs.sleep(DRAIN);
        }
        double seconds = window.toNanos() / 1e9;
        return new Result(pairs.size(), rate, window, sentInWindow.get(), ackedDuringWindow.get() / seconds,
                deliveredDuringWindow.get() / seconds, latencies, sentInWindow.get() - deliveredOfWindow.get(),
                errors.get(), integrityProblems.get());
    }

    /** Sends at the rate, round-robin over every direction of every pair. */
    private void send(List<Conversation> senders) {
        long start = System.nanoTime();
        windowStart = start + warmup.toNanos();
        windowEnd = windowStart + window.toNanos();
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= windowEnd) {
                return;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            for (; sent < due; sent++) {
                Conversation conversation = senders.get((int) (sent % senders.size()));
                long sentAt = System.nanoTime();
                boolean measured = sentAt >= windowStart;
                if (measured) {
                    sentInWindow.incrementAndGet();
                }
                conversation.send("t" + sentAt).whenComplete((receipt, failure) -> {
                    if (failure != null) {
                        errors.incrementAndGet();
                    } else if (inWindow(System.nanoTime())) {
                        ackedDuringWindow.incrementAndGet();
                    }
                });
            }
            LockSupport.parkNanos(200_000);
        }
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
            long sentAt = Long.parseLong(text.substring(1));
            if (inWindow(now)) {
                deliveredDuringWindow.incrementAndGet();
            }
            if (inWindow(sentAt)) {
                deliveredOfWindow.incrementAndGet();
                latencies.add((now - sentAt) / 1000);
            }
        }

        @Override
        public void onError(ChatError error) {
            errors.incrementAndGet();
        }
    }
}

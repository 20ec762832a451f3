package dev.parley.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ReceivedGroupMessage;
import dev.parley.loadgen.BenchGroups.BenchGroup;

/**
 * Groups whose members send to the group at a steady total rate, round-robin over groups and senders: each message
 * sealed once by the sender's client with a wrap per other member, stored once, relayed to every other member, and
 * opened and checked by each of their clients (PROTOCOL.md §7), over WebSockets through the gateway.
 * <p>
 * As in {@link MessageBenchmark}, a message's text is its intended send time on the {@link PacedSender}'s schedule,
 * unique in the run: a message's latency runs from it to the moment the last of the other members' clients has
 * opened and checked the message, and each member's receipt is one delivery. Only messages due after the warm-up
 * are timed; sends and deliveries per second count what was acknowledged and what arrived in the measured window,
 * and the stack's CPU is read at its two ends. Afterwards every group's history is compared with what was sent
 * ({@link HistoryCheck}).
 */
final class GroupBenchmark {

    /**
     * What one run found. {@code sent}: messages due in the window; {@code persisted}: acks during it;
     * {@code deliveries}: members' receipts during it; {@code incomplete}: messages due in the window that some
     * member had not received {@link #DRAIN} after it, and {@code missingDeliveries} those receipts.
     */
    record Result(int groups, int members, int offeredPerSecond, Duration warmup, Duration window, long sent,
            long persisted, long deliveries, Latencies.Summary latency, Latencies.Summary sendLag, long incomplete,
            long missingDeliveries, long failedSends, long errorFrames, long integrityProblems,
            HistoryCheck.Result history, StackMonitor.Usage usage) {

        double sendsPerSecond() {
            return persisted / (window.toNanos() / 1e9);
        }

        double deliveriesPerSecond() {
            return deliveries / (window.toNanos() / 1e9);
        }
    }

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Http http;
    private final List<BenchGroup> groups;
    private final int rate;
    private final Duration warmup;
    private final Duration window;
    private final int sendThreads;
    private final StackMonitor monitor;

    private final Latencies latencies = new Latencies();
    private final SendLedger ledger = new SendLedger();
    /** The messages of the window (by their texts), each to be received by every other member of its group. */
    private final Fanout windowMessages = new Fanout();
    private final AtomicLong sentInWindow = new AtomicLong();
    private final AtomicLong ackedDuringWindow = new AtomicLong();
    private final AtomicLong deliveriesDuringWindow = new AtomicLong();
    private final ErrorFrames errorFrames = new ErrorFrames();
    private final AtomicLong integrityProblems = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    GroupBenchmark(Http http, List<BenchGroup> groups, int rate, Duration warmup, Duration window, int sendThreads,
            StackMonitor monitor) {
        this.http = http;
        this.groups = groups;
        this.rate = rate;
        this.warmup = warmup;
        this.window = window;
        this.sendThreads = sendThreads;
        this.monitor = monitor;
    }

    Result run() {
        int size = groups.get(0).members().size();
        StackMonitor.Usage usage;
        Latencies.Summary sendLag;
        HistoryCheck.Result history;
        try (GroupClients clients = GroupClients.connect(http, groups, new Recipient())) {
            List<GroupClients.Member> senders = clients.members();
            System.out.printf("Sending %d msgs/s to %d groups of %d (%d deliveries/s) from %d threads: %d s warm-up, "
                    + "then %d s measured...%n", rate, groups.size(), size, rate * (size - 1), sendThreads,
                    warmup.toSeconds(), window.toSeconds());
            long start = System.nanoTime();
            windowStart = start + warmup.toNanos();
            windowEnd = windowStart + window.toNanos();
            try (PacedSender sending = PacedSender.start(senders.size(), rate, sendThreads, start, windowEnd,
                    (sender, nth, intended) -> send(senders.get(sender), nth, intended, size - 1))) {
                Pairs.sleepUntil(windowStart);
                StackMonitor.Sample first = monitor.sample();
                sending.lag(); // the warm-up's, not reported
                Pairs.sleepUntil(windowEnd);
                usage = monitor.between(first, monitor.sample());
                sending.await();
                sendLag = sending.lag();
            }
            Pairs.sleep(DRAIN);
            history = new HistoryCheck(ledger).checkGroups(senders);
        }
        return new Result(groups.size(), size, rate, warmup, window, sentInWindow.get(), ackedDuringWindow.get(),
                deliveriesDuringWindow.get(), Latencies.Summary.of(latencies.interval()), sendLag, windowMessages.incomplete(),
                windowMessages.missing(), ledger.failed(), errorFrames.count(), integrityProblems.get(), history, usage);
    }

    /** One message of the schedule; its text is the time it was due, which the other members' receipts count down. */
    private void send(GroupClients.Member member, long nth, long intendedNanos, int recipients) {
        if (inWindow(intendedNanos)) {
            sentInWindow.incrementAndGet();
            windowMessages.expect("t" + intendedNanos, recipients);
        }
        ledger.send(member, nth, intendedNanos).thenRun(() -> {
            if (inWindow(System.nanoTime())) {
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
        public void onGroupMessage(ReceivedGroupMessage message) {
            long now = System.nanoTime();
            if (!message.verification().isIntact()) {
                integrityProblems.incrementAndGet();
                return;
            }
            if (inWindow(now)) {
                deliveriesDuringWindow.incrementAndGet();
            }
            String text = message.verification().message().orElseThrow().body().text();
            if (windowMessages.received(text)) {
                latencies.record((now - Long.parseLong(text.substring(1))) / 1000);
            }
        }

        @Override
        public void onError(ChatError error) {
            errorFrames.add(error);
        }
    }
}

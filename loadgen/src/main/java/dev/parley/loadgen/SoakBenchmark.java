package dev.parley.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.OpenedMessage;
import dev.parley.loadgen.BenchUsers.Session;
import dev.parley.loadgen.PairClients.Side;
import dev.parley.loadgen.Pairs.Pair;

/**
 * A long run at a fixed offered rate, to see whether anything drifts: the pairs send as in {@link MessageBenchmark}
 * (on the {@link PacedSender}'s schedule, latency counted from each message's intended send time), and every
 * interval reports what was delivered, how long it took, and how chat-service and the gateway are doing
 * (heap used, from their metrics; open descriptors, from /proc). Their live heap (after a full GC) is read once near
 * the end of the warm-up and once after the last message arrived, so that those pauses fall outside the intervals.
 * Afterwards every conversation's history is compared with what was sent ({@link HistoryCheck}).
 * <p>
 * Access tokens last 15 minutes, so each user's session is refreshed before its token runs out and the new token
 * handed to its open socket.
 */
final class SoakBenchmark {

    /** One reporting interval; heap and descriptors are read at its end. */
    record Interval(Duration from, Duration to, double sentPerSecond, double ackedPerSecond,
            double deliveredPerSecond, double p50Millis, double p99Millis, long chatHeap, long gatewayHeap,
            long chatDescriptors, long gatewayDescriptors) {
    }

    /** Live heap (after a full GC) of chat-service and the gateway. */
    record LiveHeap(long chat, long gateway) {
    }

    /**
     * What became of the sends once the last answers came (before the clients closed): {@code unanswered} had neither
     * an ack nor a failure, {@code undelivered} had not reached the recipient's client.
     */
    record Outcomes(long sent, long acked, long failed, long unanswered, long undelivered) {
    }

    /**
     * What one run found. {@code measured}: sends, acks and arrivals during the measured time; {@code latency}: of
     * the messages that arrived during it; {@code sendLag}: how late its sends started after their intended times;
     * {@code usage}: the stack's CPU and counters over it.
     */
    record Result(int pairs, int offeredPerSecond, Duration warmup, Duration duration, List<Interval> intervals,
            Latencies.Summary latency, Latencies.Summary sendLag, Counts measured, LiveHeap start, LiveHeap end,
            Outcomes outcomes, long errors, long integrityProblems, long foreign, long disconnects,
            long refreshFailures, HistoryCheck.Result history, StackMonitor.Usage usage) {

        double persistedPerSecond() {
            return measured.acked() / (duration.toNanos() / 1e9);
        }

        double deliveredPerSecond() {
            return measured.delivered() / (duration.toNanos() / 1e9);
        }
    }

    /** Sends, acks and arrivals: so far at one moment, or between two. */
    record Counts(long sent, long acked, long delivered) {

        Counts minus(Counts earlier) {
            return new Counts(sent - earlier.sent(), acked - earlier.acked(), delivered - earlier.delivered());
        }
    }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration LIVE_HEAP_BEFORE_MEASURING = Duration.ofSeconds(10);
    private static final Duration REFRESH_CHECK = Duration.ofSeconds(30);
    /** Sessions whose access token runs out sooner than this are refreshed (tokens last 15 minutes). */
    private static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

    private final Http http;
    private final List<Pair> pairs;
    private final int rate;
    private final Duration warmup;
    private final Duration duration;
    private final Duration interval;
    private final int sendThreads;
    private final JvmProbe chat;
    private final JvmProbe gateway;
    private final StackMonitor monitor;

    private final SendLedger ledger = new SendLedger();
    private final AtomicLong delivered = new AtomicLong();
    /** Latencies of the messages that arrived since the last interval ended. */
    private final Latencies latencies = new Latencies();
    private final ErrorFrames errors = new ErrorFrames();
    private final AtomicLong integrityProblems = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    /** This run's devices; messages of others are counted apart. */
    private volatile Set<DeviceId> devices = Set.of();
    private final AtomicLong refreshFailures = new AtomicLong();
    private volatile boolean closing;

    SoakBenchmark(Http http, List<Pair> pairs, int rate, Duration warmup, Duration duration, Duration interval,
            int sendThreads, JvmProbe chat, JvmProbe gateway, StackMonitor monitor) {
        this.http = http;
        this.pairs = pairs;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.interval = interval;
        this.sendThreads = sendThreads;
        this.chat = chat;
        this.gateway = gateway;
        this.monitor = monitor;
    }

    Result run() {
        List<Side> sides;
        List<Interval> intervals = new ArrayList<>();
        LiveHeap start;
        LiveHeap end;
        Counts measured;
        Histogram whole = Latencies.emptyHistogram();
        Latencies.Summary sendLag;
        StackMonitor.Usage usage;
        Outcomes outcomes;
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        PacedSender sending = null;
        try (PairClients clients = PairClients.connect(http, pairs, new Recipient())) {
            sides = clients.sides();
            devices = sides.stream().map(Side::device).collect(Collectors.toUnmodifiableSet());
            refresher.scheduleWithFixedDelay(() -> refreshSessions(sides), REFRESH_CHECK.toSeconds(),
                    REFRESH_CHECK.toSeconds(), TimeUnit.SECONDS);
            long began = System.nanoTime();
            long measureFrom = began + warmup.toNanos();
            long measureTo = measureFrom + duration.toNanos();
            System.out.printf("Sending %d msgs/s over %d conversations from %d threads: %d s warm-up, then %d s "
                    + "measured in %d s intervals...%n", rate, pairs.size(), sendThreads, warmup.toSeconds(),
                    duration.toSeconds(), interval.toSeconds());
            sending = PacedSender.start(sides.size(), rate, sendThreads, began, measureTo,
                    (sender, nth, intended) -> ledger.send(sides.get(sender), nth, intended));

            Pairs.sleepUntil(measureFrom - Math.min(LIVE_HEAP_BEFORE_MEASURING.toNanos(), warmup.toNanos() / 2));
            start = liveHeap();
            System.out.printf("Live heap near the start (after a full GC): chat-service %.1f MB, gateway %.1f MB%n",
                    start.chat() / 1e6, start.gateway() / 1e6);

            Pairs.sleepUntil(measureFrom);
            StackMonitor.Sample first = monitor.sample();
            latencies.interval(); // the warm-up's, not reported
            sending.lag();
            StackMonitor.Sample last = first;
            Counts atStart = counts();
            Counts previous = atStart;
            System.out.println(header());
            for (long from = measureFrom; from < measureTo; from += interval.toNanos()) {
                long to = Math.min(from + interval.toNanos(), measureTo);
                Pairs.sleepUntil(to);
                Counts now = counts();
                if (to == measureTo) {
                    last = monitor.sample(); // before the interval's own readings, at the end of the window
                }
                Histogram arrived = latencies.interval();
                whole.add(arrived);
                Interval row = interval(Duration.ofNanos(from - measureFrom), Duration.ofNanos(to - measureFrom),
                        now.minus(previous), arrived);
                intervals.add(row);
                System.out.println(row(row));
                previous = now;
                sending.rethrowFailure();
            }
            usage = monitor.between(first, last);
            measured = previous.minus(atStart);
            sending.await();
            sendLag = sending.lag();

            System.out.println("Waiting for the last acks and deliveries...");
            drain();
            outcomes = new Outcomes(ledger.sent(), ledger.acked(), ledger.failed(), ledger.waiting(),
                    ledger.sent() - delivered.get());
            end = liveHeap();
            closing = true;
        } finally {
            if (sending != null) {
                sending.close();
            }
            refresher.shutdownNow();
        }
        HistoryCheck.Result history = new HistoryCheck(ledger).check(sides);
        return new Result(pairs.size(), rate, warmup, duration, intervals, Latencies.Summary.of(whole), sendLag,
                measured, start, end, outcomes, errors.count(), integrityProblems.get(), foreign.get(),
                disconnects.get(), refreshFailures.get(), history, usage);
    }

    /** Until every send has an answer and every acknowledged message arrived, or the limit passed. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (System.nanoTime() < deadline && (ledger.waiting() > 0 || delivered.get() < ledger.acked())) {
            Pairs.sleep(Duration.ofMillis(200));
        }
    }

    private LiveHeap liveHeap() {
        return new LiveHeap(chat.liveHeap(), gateway.liveHeap());
    }

    private Counts counts() {
        return new Counts(ledger.sent(), ledger.acked(), delivered.get());
    }

    private Interval interval(Duration from, Duration to, Counts counts, Histogram arrived) {
        double seconds = (to.toNanos() - from.toNanos()) / 1e9;
        return new Interval(from, to, counts.sent() / seconds, counts.acked() / seconds,
                counts.delivered() / seconds, Latencies.millis(arrived, 50), Latencies.millis(arrived, 99),
                orUnknown(chat::heapUsed), orUnknown(gateway::heapUsed), chat.openDescriptors(),
                gateway.openDescriptors());
    }

    /** A reading, or -1 when it failed: one unanswered metrics request must not end a long run. */
    static long orUnknown(LongSupplier reading) {
        try {
            return reading.getAsLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String header() {
        return String.format("%-11s %8s %8s %8s %9s %9s %10s %10s %9s %9s", "interval", "sent/s", "acked/s",
                "deliv/s", "p50", "p99", "chat heap", "gw heap", "chat fds", "gw fds");
    }

    static String row(Interval row) {
        return String.format("%-11s %8.0f %8.0f %8.0f %9s %9s %10s %10s %9s %9s",
                row.from().toSeconds() + "–" + row.to().toSeconds() + " s", row.sentPerSecond(),
                row.ackedPerSecond(), row.deliveredPerSecond(), millis(row.p50Millis()), millis(row.p99Millis()),
                megabytes(row.chatHeap()), megabytes(row.gatewayHeap()), count(row.chatDescriptors()),
                count(row.gatewayDescriptors()));
    }

    /** Bytes as megabytes, or "?" for a reading that failed (-1). */
    static String megabytes(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f MB", bytes / 1e6);
    }

    private static String count(long value) {
        return value < 0 ? "?" : String.valueOf(value);
    }

    static String millis(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 10_000 ? String.format("%.1f s", value / 1000) : String.format("%.1f ms", value);
    }

    /** Refreshes the sessions that run out soon and hands the new tokens to their users' sockets. */
    private void refreshSessions(List<Side> sides) {
        Map<Session, List<Side>> byUser = new LinkedHashMap<>();
        sides.forEach(side -> byUser.computeIfAbsent(side.user().session(), session -> new ArrayList<>()).add(side));
        Instant soon = Instant.now().plus(REFRESH_AHEAD);
        byUser.forEach((session, ofUser) -> {
            if (session.accessTokenExpiresAt().isAfter(soon)) {
                return;
            }
            try {
                String token = session.refresh(http);
                ofUser.forEach(side -> side.client().refreshToken(token));
            } catch (RuntimeException e) {
                // Tried again at the next check; a token that runs out closes the socket, which the run reports.
                refreshFailures.incrementAndGet();
            }
        });
    }

    /** Every client's listener: checks and times what arrives. */
    private final class Recipient implements ChatListener {

        @Override
        public void onMessage(ReceivedMessage message) {
            long now = System.nanoTime();
            Optional<OpenedMessage> opened = message.verification().message();
            if (opened.isPresent() && !devices.contains(opened.get().header().deviceId())) {
                // Another client in these conversations (a second load generator?): not this run's to time.
                foreign.incrementAndGet();
                return;
            }
            if (!message.verification().isIntact()) {
                integrityProblems.incrementAndGet();
                return;
            }
            String text = opened.orElseThrow().body().text();
            latencies.record((now - Long.parseLong(text.substring(1))) / 1000);
            delivered.incrementAndGet();
        }

        @Override
        public void onError(ChatError error) {
            errors.add(error);
        }

        @Override
        public void onDisconnected(int code, String reason, boolean reconnecting) {
            if (!closing) {
                disconnects.incrementAndGet();
            }
        }
    }
}

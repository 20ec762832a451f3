package dev.parley.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.OpenedMessage;
import dev.parley.loadgen.BenchUsers.Session;
import dev.parley.loadgen.PairClients.Side;
import dev.parley.loadgen.Pairs.Pair;
import dev.parley.loadgen.SendLedger.Position;

/**
 * A long run at a fixed offered rate, to see whether anything drifts: the pairs send as in {@link MessageBenchmark},
 * and every interval reports what was delivered, how long it took, and how chat-service and the gateway are doing
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

    /** What one run found. */
    record Result(int pairs, int offeredPerSecond, List<Interval> intervals, Latencies latencies,
            double deliveredPerSecond, LiveHeap start, LiveHeap end, Outcomes outcomes, long errors,
            long integrityProblems, long foreign, long disconnects, long refreshFailures, HistoryCheck.Result history) {
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
    private final JvmProbe chat;
    private final JvmProbe gateway;

    private final SendLedger ledger = new SendLedger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicReference<Latencies> intervalLatencies = new AtomicReference<>(new Latencies());
    private final Latencies measuredLatencies = new Latencies();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong integrityProblems = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    /** This run's devices; messages of others are counted apart. */
    private volatile Set<DeviceId> devices = Set.of();
    private final AtomicLong refreshFailures = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean closing;

    SoakBenchmark(Http http, List<Pair> pairs, int rate, Duration warmup, Duration duration, Duration interval,
            JvmProbe chat, JvmProbe gateway) {
        this.http = http;
        this.pairs = pairs;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.interval = interval;
        this.chat = chat;
        this.gateway = gateway;
    }

    Result run() {
        List<Side> sides;
        List<Interval> intervals = new ArrayList<>();
        LiveHeap start;
        LiveHeap end;
        long measuredDelivered;
        Outcomes outcomes;
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (PairClients clients = PairClients.connect(http, pairs, new Recipient())) {
            sides = clients.sides();
            devices = sides.stream().map(Side::device).collect(Collectors.toUnmodifiableSet());
            refresher.scheduleWithFixedDelay(() -> refreshSessions(sides), REFRESH_CHECK.toSeconds(),
                    REFRESH_CHECK.toSeconds(), TimeUnit.SECONDS);
            long began = System.nanoTime();
            long measureFrom = began + warmup.toNanos();
            long measureTo = measureFrom + duration.toNanos();
            System.out.printf("Sending %d msgs/s over %d conversations: %d s warm-up, then %d s measured in %d s "
                    + "intervals...%n", rate, pairs.size(), warmup.toSeconds(), duration.toSeconds(),
                    interval.toSeconds());
            Future<?> sending = sender.submit(() -> send(sides, began, measureTo));

            sleepUntil(measureFrom - Math.min(LIVE_HEAP_BEFORE_MEASURING.toNanos(), warmup.toNanos() / 2));
            start = liveHeap();
            System.out.printf("Live heap near the start (after a full GC): chat-service %.1f MB, gateway %.1f MB%n",
                    start.chat() / 1e6, start.gateway() / 1e6);

            sleepUntil(measureFrom);
            measuring = true;
            intervalLatencies.set(new Latencies());
            Snapshot previous = snapshot();
            long deliveredAtStart = previous.delivered();
            System.out.println(header());
            for (long from = measureFrom; from < measureTo; from += interval.toNanos()) {
                long to = Math.min(from + interval.toNanos(), measureTo);
                sleepUntil(to);
                Snapshot now = snapshot();
                Interval row = interval(Duration.ofNanos(from - measureFrom), Duration.ofNanos(to - measureFrom),
                        previous, now, intervalLatencies.getAndSet(new Latencies()));
                intervals.add(row);
                System.out.println(row(row));
                previous = now;
                if (sending.isDone()) {
                    finished(sending);
                }
            }
            measuring = false;
            measuredDelivered = previous.delivered() - deliveredAtStart;
            finished(sending);

            System.out.println("Waiting for the last acks and deliveries...");
            drain();
            outcomes = new Outcomes(ledger.sent(), ledger.acked(), ledger.failed(), ledger.waiting(),
                    ledger.sent() - delivered.get());
            end = liveHeap();
            closing = true;
        } finally {
            sender.shutdownNow();
            refresher.shutdownNow();
        }
        HistoryCheck.Result history = new HistoryCheck(ledger).check(sides);
        return new Result(pairs.size(), rate, intervals, measuredLatencies,
                measuredDelivered / (duration.toNanos() / 1e9), start, end, outcomes, errors.get(),
                integrityProblems.get(), foreign.get(), disconnects.get(), refreshFailures.get(), history);
    }

    /** Sends at the rate, round-robin over every direction of every pair, noting each message's chain position. */
    private void send(List<Side> sides, long began, long until) {
        long[] sentBySide = new long[sides.size()];
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= until || Thread.currentThread().isInterrupted()) {
                return;
            }
            long due = (long) ((now - began) / 1e9 * rate);
            for (; sent < due; sent++) {
                int index = (int) (sent % sides.size());
                Side side = sides.get(index);
                long sentAt = System.nanoTime();
                ledger.sent(new Position(side.conversation().id(), side.user().userId(), side.device(),
                        ++sentBySide[index]), side.conversation().send("t" + sentAt));
            }
            LockSupport.parkNanos(200_000);
        }
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

    /** Counters at one moment. */
    private record Snapshot(long sent, long acked, long delivered) {
    }

    private Snapshot snapshot() {
        return new Snapshot(ledger.sent(), ledger.acked(), delivered.get());
    }

    private Interval interval(Duration from, Duration to, Snapshot previous, Snapshot now, Latencies latencies) {
        double seconds = (to.toNanos() - from.toNanos()) / 1e9;
        return new Interval(from, to, (now.sent() - previous.sent()) / seconds,
                (now.acked() - previous.acked()) / seconds, (now.delivered() - previous.delivered()) / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), orUnknown(chat::heapUsed),
                orUnknown(gateway::heapUsed), chat.openDescriptors(), gateway.openDescriptors());
    }

    /** A reading, or -1 when it failed: one unanswered metrics request must not end a long run. */
    private static long orUnknown(LongSupplier reading) {
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

    private static String megabytes(long bytes) {
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

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Pairs.sleep(Duration.ofNanos(left));
        }
    }

    /** Waits for the sending to end, failing the run as it failed. */
    private static void finished(Future<?> sending) {
        try {
            sending.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Sending failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
            long micros = (now - Long.parseLong(text.substring(1))) / 1000;
            intervalLatencies.get().add(micros);
            if (measuring) {
                measuredLatencies.add(micros);
            }
            delivered.incrementAndGet();
        }

        @Override
        public void onError(ChatError error) {
            errors.incrementAndGet();
        }

        @Override
        public void onDisconnected(int code, String reason, boolean reconnecting) {
            if (!closing) {
                disconnects.incrementAndGet();
            }
        }
    }
}

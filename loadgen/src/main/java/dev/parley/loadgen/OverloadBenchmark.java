package dev.parley.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.crypto.OpenedMessage;
import dev.parley.loadgen.PairClients.Side;
import dev.parley.loadgen.Pairs.Pair;

/**
 * Overload, and what the stack is like after it. A few probe pairs talk at a normal rate all along; after a quiet
 * start the other pairs offer far more than the stack can store for a while, then stop. The probes' latency (from
 * each message's intended send time) before, during and after, and chat-service's heap, show whether the backlog
 * stayed bounded inside the server and how long after the overload its answers were back to normal.
 * <p>
 * The overloading clients queue what the server cannot take yet: that backlog is the load generator's, not the
 * server's, and would keep the stack busy for as long again after the schedule ends. So the overload ends as it does
 * when people stop typing: those clients close, and what they had not sent yet is never sent. Every message the
 * server acknowledged is then looked for in history, exactly once ({@link HistoryCheck}): what a closing client
 * had sent but not heard back about may be stored or not, never twice.
 */
final class OverloadBenchmark {

    /** One reporting interval: which phase it falls in, what the overloading pairs got stored, the probes' latency. */
    record Interval(Duration from, Duration to, Phase phase, double overloadAckedPerSecond, long probes,
            double probeP50Millis, double probeP99Millis, long chatHeap) {
    }

    enum Phase {
        before, overload, after
    }

    /**
     * What one run found. {@code recoveredAfter}: from the end of the overload to the start of the first interval
     * from which on every probe p99 is back within {@link #normal} of the baseline's; empty when it never was.
     */
    record Result(int probePairs, int probeRate, int overloadPairs, int overloadRate, Duration before,
            Duration overload, Duration after, List<Interval> intervals, Latencies.Summary baseline,
            Latencies.Summary duringOverload, Latencies.Summary afterOverload, Optional<Duration> recoveredAfter,
            Outcomes overloadOutcomes, long probeFailed, long probeErrors, long overloadErrors,
            long integrityProblems, HistoryCheck.Result probeHistory, HistoryCheck.Result overloadHistory) {

        boolean exactlyOnce() {
            return probeHistory.exactlyOnce() && overloadHistory.exactlyOnce();
        }
    }

    /**
     * The overloading sends when their clients closed: {@code scheduled} on the schedule, {@code sent} handed to the
     * client library, {@code acked} stored, {@code failed} refused (as {@code overloaded}, mostly), and
     * {@code unanswered}: sent without an answer yet, given up with the client.
     */
    record Outcomes(long scheduled, long sent, long acked, long failed, long unanswered) {
    }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private final Http http;
    private final List<Pair> probePairs;
    private final List<Pair> overloadPairs;
    private final int probeRate;
    private final int overloadRate;
    private final Duration before;
    private final Duration overload;
    private final Duration after;
    private final Duration interval;
    private final int sendThreads;
    private final JvmProbe chat;

    private final SendLedger probeLedger = new SendLedger();
    private final SendLedger overloadLedger = new SendLedger();
    private final Latencies probeLatencies = new Latencies();
    private final AtomicLong probeErrors = new AtomicLong();
    private final AtomicLong overloadErrors = new AtomicLong();
    private final AtomicLong integrityProblems = new AtomicLong();

    OverloadBenchmark(Http http, List<Pair> probePairs, List<Pair> overloadPairs, int probeRate, int overloadRate,
            Duration before, Duration overload, Duration after, Duration interval, int sendThreads, JvmProbe chat) {
        this.http = http;
        this.probePairs = probePairs;
        this.overloadPairs = overloadPairs;
        this.probeRate = probeRate;
        this.overloadRate = overloadRate;
        this.before = before;
        this.overload = overload;
        this.after = after;
        this.interval = interval;
        this.sendThreads = sendThreads;
        this.chat = chat;
    }

    Result run() {
        List<Interval> intervals = new ArrayList<>();
        Histogram baseline = Latencies.emptyHistogram();
        Histogram during = Latencies.emptyHistogram();
        Histogram afterwards = Latencies.emptyHistogram();
        List<Side> probeSides;
        List<Side> overloadSides;
        Outcomes overloadOutcomes = null;
        try (PairClients probes = PairClients.connect(http, probePairs, new ProbeRecipient())) {
            probeSides = probes.sides();
            PairClients overloading = PairClients.connect(http, overloadPairs, new OverloadRecipient());
            overloadSides = overloading.sides();
            // The schedule starts once every client is connected: probes due while the others were still
            // connecting would all go out at once and spoil the baseline.
            long began = System.nanoTime();
            long overloadFrom = began + before.toNanos();
            long overloadTo = overloadFrom + overload.toNanos();
            long end = overloadTo + after.toNanos();
            long scheduled = (long) overloadRate * overload.toSeconds();
            System.out.printf("Probes: %d msgs/s over %d conversations throughout. Overload: %d msgs/s over %d "
                    + "conversations from %d s to %d s, then %d s after; %d s intervals...%n", probeRate,
                    probePairs.size(), overloadRate, overloadPairs.size(), before.toSeconds(),
                    before.plus(overload).toSeconds(), after.toSeconds(), interval.toSeconds());
            System.out.println(header());
            try (PacedSender probing = PacedSender.start(probeSides.size(), probeRate, 1, began, end,
                    (sender, nth, intended) -> probeLedger.send(probeSides.get(sender), nth, intended));
                    PacedSender overloadSending = PacedSender.start(overloadSides.size(), overloadRate, sendThreads,
                            overloadFrom, overloadTo,
                            (sender, nth, intended) -> overloadLedger.send(overloadSides.get(sender), nth, intended))) {
                long previousAcked = 0;
                for (long from = began; from < end; from += interval.toNanos()) {
                    long to = Math.min(from + interval.toNanos(), end);
                    Pairs.sleepUntil(to);
                    Phase phase = to <= overloadFrom ? Phase.before : to <= overloadTo ? Phase.overload : Phase.after;
                    if (overloadOutcomes == null && to >= overloadTo) {
                        // The overload ends: its clients stop, with whatever they had not sent yet.
                        overloadSending.close();
                        overloadOutcomes = new Outcomes(scheduled, overloadLedger.sent(), overloadLedger.acked(),
                                overloadLedger.failed(), overloadLedger.waiting());
                        overloading.close();
                    }
                    long acked = overloadLedger.acked();
                    Histogram arrived = probeLatencies.interval();
                    (phase == Phase.before ? baseline : phase == Phase.overload ? during : afterwards).add(arrived);
                    double seconds = (to - from) / 1e9;
                    Interval row = new Interval(Duration.ofNanos(from - began), Duration.ofNanos(to - began), phase,
                            (acked - previousAcked) / seconds, arrived.getTotalCount(), Latencies.millis(arrived, 50),
                            Latencies.millis(arrived, 99), SoakBenchmark.orUnknown(chat::heapUsed));
                    intervals.add(row);
                    System.out.println(row(row));
                    previousAcked = acked;
                    probing.rethrowFailure();
                }
                probing.await();
            } finally {
                if (overloadOutcomes == null) {
                    overloading.close();
                }
            }
            drain();
        }
        HistoryCheck.Result probeHistory = new HistoryCheck(probeLedger).check(probeSides);
        HistoryCheck.Result overloadHistory = new HistoryCheck(overloadLedger).check(overloadSides);
        Latencies.Summary baselineSummary = Latencies.Summary.of(baseline);
        return new Result(probePairs.size(), probeRate, overloadPairs.size(), overloadRate, before, overload, after,
                intervals, baselineSummary, Latencies.Summary.of(during), Latencies.Summary.of(afterwards),
                recoveredAfter(intervals, baselineSummary, before.plus(overload)), overloadOutcomes,
                probeLedger.failed(), probeErrors.get(), overloadErrors.get(), integrityProblems.get(), probeHistory,
                overloadHistory);
    }

    /** The p99 a probe interval may have and still count as normal: twice the baseline's, or 10 ms more. */
    static double normal(double baselineP99Millis) {
        return Math.max(2 * baselineP99Millis, baselineP99Millis + 10);
    }

    /**
     * From the overload's end to the start of the first interval after it from which on every interval's probe p99
     * is normal; empty when the last one still was not.
     */
    static Optional<Duration> recoveredAfter(List<Interval> intervals, Latencies.Summary baseline,
            Duration overloadEnd) {
        double limit = normal(baseline.p99());
        Optional<Duration> recovered = Optional.empty();
        for (Interval row : intervals) {
            if (row.phase() != Phase.after) {
                continue;
            }
            boolean normalNow = row.probes() > 0 && row.probeP99Millis() <= limit;
            if (!normalNow) {
                recovered = Optional.empty();
            } else if (recovered.isEmpty()) {
                recovered = Optional.of(row.from().minus(overloadEnd).isNegative() ? Duration.ZERO
                        : row.from().minus(overloadEnd));
            }
        }
        return recovered;
    }

    /** Until every probe send has an answer, or the limit passed. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (System.nanoTime() < deadline && probeLedger.waiting() > 0) {
            Pairs.sleep(Duration.ofMillis(200));
        }
    }

    static String header() {
        return String.format("%-11s %-9s %16s %7s %10s %10s %10s", "interval", "phase", "overload acked/s", "probes",
                "probe p50", "probe p99", "chat heap");
    }

    static String row(Interval row) {
        return String.format("%-11s %-9s %16.0f %7d %10s %10s %10s",
                row.from().toSeconds() + "–" + row.to().toSeconds() + " s", row.phase(),
                row.overloadAckedPerSecond(), row.probes(), SoakBenchmark.millis(row.probeP50Millis()),
                SoakBenchmark.millis(row.probeP99Millis()),
                SoakBenchmark.megabytes(row.chatHeap()));
    }

    private final class ProbeRecipient implements ChatListener {

        @Override
        public void onMessage(ReceivedMessage message) {
            long now = System.nanoTime();
            Optional<OpenedMessage> opened = message.verification().message();
            if (!message.verification().isIntact() || opened.isEmpty()) {
                integrityProblems.incrementAndGet();
                return;
            }
            probeLatencies.record((now - Long.parseLong(opened.get().body().text().substring(1))) / 1000);
        }

        @Override
        public void onError(ChatError error) {
            probeErrors.incrementAndGet();
        }
    }

    /** The overloading pairs' deliveries only need checking: their latency is the queue they built. */
    private final class OverloadRecipient implements ChatListener {

        @Override
        public void onMessage(ReceivedMessage message) {
            if (!message.verification().isIntact()) {
                integrityProblems.incrementAndGet();
            }
        }

        @Override
        public void onError(ChatError error) {
            overloadErrors.incrementAndGet();
        }
    }
}

package dev.parley.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.loadgen.SoakBenchmark.Interval;
import dev.parley.loadgen.SoakBenchmark.Result;

/**
 * The end of a soak run: the intervals as a table, then the verdicts. Flat means:
 * <ul>
 * <li>latency: the last interval's p50 and p99 at most {@code latencyFactor} times the first interval's (the first
 * after the warm-up);</li>
 * <li>memory: each process's live heap (after a full GC) at the end at most max(5 MB, 10 %) above the start;</li>
 * <li>descriptors: each process's open descriptors at the last interval at most max(20, 5 %) above the first.</li>
 * </ul>
 */
final class SoakReport {

    private static final long HEAP_SLACK_BYTES = 5_000_000;
    private static final double HEAP_SLACK_SHARE = 0.10;
    private static final long DESCRIPTOR_SLACK = 20;
    private static final double DESCRIPTOR_SLACK_SHARE = 0.05;
    /** Delivering less than this share of the offered rate means the stack fell behind. */
    private static final double KEPT_UP_SHARE = 0.95;

    private final Result result;
    private final double latencyFactor;

    SoakReport(Result result, double latencyFactor) {
        this.result = result;
        this.latencyFactor = latencyFactor;
    }

    void print() {
        List<Interval> intervals = result.intervals();
        System.out.println();
        System.out.printf("Soak: %d pairs, %d msgs/s offered, %d intervals%n", result.pairs(),
                result.offeredPerSecond(), intervals.size());
        System.out.println(SoakBenchmark.header());
        intervals.forEach(row -> System.out.println(SoakBenchmark.row(row)));
        Latencies.Summary latency = result.latency();
        System.out.printf("whole run: persisted %.0f msgs/s, delivered %.0f msgs/s, p50 %s, p95 %s, p99 %s, "
                + "p99.9 %s, max %s (%d messages, from their intended send times)%n", result.persistedPerSecond(),
                result.deliveredPerSecond(), SoakBenchmark.millis(latency.p50()), SoakBenchmark.millis(latency.p95()),
                SoakBenchmark.millis(latency.p99()), SoakBenchmark.millis(latency.p999()),
                SoakBenchmark.millis(latency.max()), latency.count());
        MessageReport.printSendLag(result.sendLag());
        System.out.printf("live heap: chat-service %.1f MB -> %.1f MB, gateway %.1f MB -> %.1f MB (after full GCs)%n",
                result.start().chat() / 1e6, result.end().chat() / 1e6, result.start().gateway() / 1e6,
                result.end().gateway() / 1e6);
        SoakBenchmark.Outcomes outcomes = result.outcomes();
        System.out.printf("sends:     %d sent, %d acked, %d failed, %d unanswered; %d not delivered at the end%n",
                outcomes.sent(), outcomes.acked(), outcomes.failed(), outcomes.unanswered(), outcomes.undelivered());
        System.out.printf("trouble:   %d error frames, %d integrity alerts, %d disconnects, %d failed token refreshes, "
                + "%d messages from other clients%n", result.errors(), result.integrityProblems(), result.disconnects(),
                result.refreshFailures(), result.foreign());
        new UsageReport(result.usage(), result.measured().delivered()).print();

        System.out.println();
        System.out.println("Verdict");
        verdicts().forEach((what, verdict) -> System.out.printf("  %-12s %s%n", what, verdict));
    }

    /** Each verdict by what it judges, in the order they are printed. */
    Map<String, String> verdicts() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("latency", latencyVerdict(result.intervals()));
        verdicts.put("memory", memoryVerdict());
        verdicts.put("descriptors", descriptorVerdict(result.intervals()));
        verdicts.put("throughput", throughputVerdict());
        verdicts.put("errors", errorVerdict());
        verdicts.put("stored", result.history().verdict("conversations"));
        return verdicts;
    }

    void addTo(ObjectNode json) {
        Duration duration = result.duration();
        ResultJson.throughput(json, result.pairs(), result.offeredPerSecond(), result.warmup(), duration,
                result.measured().sent(), result.persistedPerSecond(), result.deliveredPerSecond());
        json.set("latencyMs", ResultJson.latency(result.latency()));
        json.set("sendLagMs", ResultJson.latency(result.sendLag()));
        new UsageReport(result.usage(), result.measured().delivered()).addTo(json);
        SoakBenchmark.Outcomes outcomes = result.outcomes();
        ObjectNode errors = json.putObject("errors");
        errors.put("failedSends", outcomes.failed());
        errors.put("errorFrames", result.errors());
        errors.put("integrityAlerts", result.integrityProblems());
        errors.put("undelivered", outcomes.undelivered());
        errors.put("unanswered", outcomes.unanswered());
        errors.put("disconnects", result.disconnects());
        errors.put("failedTokenRefreshes", result.refreshFailures());
        errors.put("foreignMessages", result.foreign());
        ArrayNode intervals = json.putArray("intervals");
        for (Interval row : result.intervals()) {
            ObjectNode entry = intervals.addObject();
            entry.put("fromSeconds", row.from().toSeconds());
            entry.put("toSeconds", row.to().toSeconds());
            ResultJson.number(entry, "sentPerSecond", row.sentPerSecond(), 1);
            ResultJson.number(entry, "ackedPerSecond", row.ackedPerSecond(), 1);
            ResultJson.number(entry, "deliveredPerSecond", row.deliveredPerSecond(), 1);
            ResultJson.number(entry, "p50Ms", row.p50Millis(), 3);
            ResultJson.number(entry, "p99Ms", row.p99Millis(), 3);
            known(entry, "chatHeapBytes", row.chatHeap());
            known(entry, "gatewayHeapBytes", row.gatewayHeap());
            known(entry, "chatDescriptors", row.chatDescriptors());
            known(entry, "gatewayDescriptors", row.gatewayDescriptors());
        }
        ObjectNode liveHeap = json.putObject("liveHeapBytes");
        liveHeap.putObject("chat-service").put("start", result.start().chat()).put("end", result.end().chat());
        liveHeap.putObject("gateway").put("start", result.start().gateway()).put("end", result.end().gateway());
        HistoryCheck.Result history = result.history();
        json.putObject("history").put("conversations", history.conversations()).put("read", history.read())
                .put("acked", history.acked()).put("stored", history.stored())
                .put("storedWithoutAck", history.storedWithoutAck()).put("exactlyOnce", history.exactlyOnce());
        ObjectNode verdicts = json.putObject("verdicts");
        verdicts().forEach(verdicts::put);
    }

    /** A reading, null where it failed (-1). */
    private static void known(ObjectNode json, String key, long value) {
        if (value < 0) {
            json.putNull(key);
        } else {
            json.put(key, value);
        }
    }

    private String errorVerdict() {
        SoakBenchmark.Outcomes outcomes = result.outcomes();
        List<String> problems = new ArrayList<>();
        problem(problems, outcomes.failed(), "failed sends");
        problem(problems, outcomes.unanswered(), "sends never answered");
        problem(problems, outcomes.undelivered(), "messages not delivered");
        problem(problems, result.errors(), "error frames");
        problem(problems, result.integrityProblems(), "integrity alerts");
        problem(problems, result.disconnects(), "disconnects");
        problem(problems, result.refreshFailures(), "failed token refreshes");
        return problems.isEmpty() ? "none" : String.join(", ", problems);
    }

    private String latencyVerdict(List<Interval> intervals) {
        Interval first = intervals.stream().filter(row -> !Double.isNaN(row.p50Millis())).findFirst().orElse(null);
        Interval last = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
        if (first == null || last == null || Double.isNaN(last.p50Millis())) {
            return "UNKNOWN: no messages arrived in the first or the last interval";
        }
        boolean flat = last.p50Millis() <= latencyFactor * first.p50Millis()
                && last.p99Millis() <= latencyFactor * first.p99Millis();
        return String.format("%s: last interval p50 %s, p99 %s; first p50 %s, p99 %s (flat: at most %.1f times)",
                flat ? "flat" : "GREW", SoakBenchmark.millis(last.p50Millis()), SoakBenchmark.millis(last.p99Millis()),
                SoakBenchmark.millis(first.p50Millis()), SoakBenchmark.millis(first.p99Millis()), latencyFactor);
    }

    private String memoryVerdict() {
        String chat = growth("chat-service", result.start().chat(), result.end().chat());
        String gateway = growth("gateway", result.start().gateway(), result.end().gateway());
        boolean flat = heapFlat(result.start().chat(), result.end().chat())
                && heapFlat(result.start().gateway(), result.end().gateway());
        return (flat ? "flat" : "GREW") + ": live heap " + chat + ", " + gateway
                + " (flat: at most max(5 MB, 10 %) more)";
    }

    private static boolean heapFlat(long start, long end) {
        return end - start <= Math.max(HEAP_SLACK_BYTES, (long) (HEAP_SLACK_SHARE * start));
    }

    private static String growth(String process, long start, long end) {
        return String.format("%s %+.1f MB", process, (end - start) / 1e6);
    }

    private String descriptorVerdict(List<Interval> intervals) {
        if (intervals.isEmpty()) {
            return "UNKNOWN: no intervals";
        }
        Interval first = intervals.get(0);
        Interval last = intervals.get(intervals.size() - 1);
        if (Math.min(Math.min(first.chatDescriptors(), first.gatewayDescriptors()),
                Math.min(last.chatDescriptors(), last.gatewayDescriptors())) < 0) {
            return "UNKNOWN: /proc/<pid>/fd not readable";
        }
        boolean flat = descriptorsFlat(first.chatDescriptors(), last.chatDescriptors())
                && descriptorsFlat(first.gatewayDescriptors(), last.gatewayDescriptors());
        return String.format("%s: chat-service %d -> %d, gateway %d -> %d (flat: at most max(20, 5 %%) more)",
                flat ? "flat" : "GREW", first.chatDescriptors(), last.chatDescriptors(), first.gatewayDescriptors(),
                last.gatewayDescriptors());
    }

    private static boolean descriptorsFlat(long first, long last) {
        return last - first <= Math.max(DESCRIPTOR_SLACK, (long) (DESCRIPTOR_SLACK_SHARE * first));
    }

    private String throughputVerdict() {
        boolean keptUp = result.deliveredPerSecond() >= KEPT_UP_SHARE * result.offeredPerSecond();
        return String.format("%s: delivered %.0f msgs/s of %d offered over the measured time",
                keptUp ? "kept up" : "FELL BEHIND", result.deliveredPerSecond(), result.offeredPerSecond());
    }

    private static void problem(List<String> problems, long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
    }
}

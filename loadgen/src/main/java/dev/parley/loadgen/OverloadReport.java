package dev.parley.loadgen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.loadgen.OverloadBenchmark.Interval;
import dev.parley.loadgen.OverloadBenchmark.Outcomes;

/**
 * The end of an {@code overload} run: the probes' latency before, during and after, when it was back to normal,
 * chat-service's heap, what the overloading sends came to, and whether every acknowledged message is stored once.
 */
final class OverloadReport {

    private final OverloadBenchmark.Result result;

    OverloadReport(OverloadBenchmark.Result result) {
        this.result = result;
    }

    void print() {
        System.out.println();
        System.out.printf("probes     %d msgs/s over %d conversations; overload %d msgs/s over %d conversations for "
                + "%d s%n", result.probeRate(), result.probePairs(), result.overloadRate(), result.overloadPairs(),
                result.overload().toSeconds());
        printLatency("before", result.baseline());
        printLatency("during", result.duringOverload());
        printLatency("after", result.afterOverload());
        System.out.printf("recovered  %s (probe p99 within %s of the baseline's %s from then on)%n",
                result.recoveredAfter().map(after -> after.toSeconds() + " s after the overload ended")
                        .orElse("not within the run"),
                SoakBenchmark.millis(OverloadBenchmark.normal(result.baseline().p99())),
                SoakBenchmark.millis(result.baseline().p99()));
        System.out.printf("chat heap  max %s before, %s during, %s after the overload%n",
                SoakBenchmark.megabytes(maxHeap(OverloadBenchmark.Phase.before)),
                SoakBenchmark.megabytes(maxHeap(OverloadBenchmark.Phase.overload)),
                SoakBenchmark.megabytes(maxHeap(OverloadBenchmark.Phase.after)));
        Outcomes overload = result.overloadOutcomes();
        System.out.printf("overload   %d scheduled, %d sent, %d acknowledged (%.0f/s), %d refused, %d unanswered when "
                + "the clients closed, %d never sent%n", overload.scheduled(), overload.sent(), overload.acked(),
                overload.acked() / (double) result.overload().toSeconds(), overload.failed(), overload.unanswered(),
                overload.scheduled() - overload.sent());
        System.out.printf("errors     probes: %d failed sends, %d error frames; overload: %d error frames; %d "
                + "integrity alerts%n", result.probeFailed(), result.probeErrors(), result.overloadErrors(),
                result.integrityProblems());
        System.out.printf("history    %s: probes %d acknowledged, %d stored; overload %d acknowledged, %d stored "
                + "(%d of them without an ack: sent before the clients closed)%n",
                result.exactlyOnce() ? "every acknowledged message stored exactly once" : "NOT exactly once",
                result.probeHistory().acked(), result.probeHistory().stored(), result.overloadHistory().acked(),
                result.overloadHistory().stored(), result.overloadHistory().storedWithoutAck());
    }

    void addTo(ObjectNode json) {
        json.put("probePairs", result.probePairs());
        json.put("probeRate", result.probeRate());
        json.put("overloadPairs", result.overloadPairs());
        json.put("offeredRate", result.overloadRate());
        json.put("beforeSeconds", result.before().toSeconds());
        json.put("overloadSeconds", result.overload().toSeconds());
        json.put("afterSeconds", result.after().toSeconds());
        ObjectNode latency = json.putObject("probeLatencyMs");
        latency.set("before", ResultJson.latency(result.baseline()));
        latency.set("during", ResultJson.latency(result.duringOverload()));
        latency.set("after", ResultJson.latency(result.afterOverload()));
        json.set("latencyMs", ResultJson.latency(result.afterOverload()));
        result.recoveredAfter().ifPresentOrElse(after -> json.put("recoveredAfterSeconds", after.toSeconds()),
                () -> json.putNull("recoveredAfterSeconds"));
        Outcomes overload = result.overloadOutcomes();
        json.putObject("overload").put("scheduled", overload.scheduled()).put("sent", overload.sent())
                .put("acked", overload.acked()).put("refused", overload.failed())
                .put("unanswered", overload.unanswered());
        ResultJson.number(json, "persistedPerSecond", overload.acked() / (double) result.overload().toSeconds(), 1);
        ObjectNode errors = json.putObject("errors");
        errors.put("failedProbeSends", result.probeFailed());
        errors.put("probeErrorFrames", result.probeErrors());
        errors.put("overloadErrorFrames", result.overloadErrors());
        errors.put("integrityAlerts", result.integrityProblems());
        ArrayNode intervals = json.putArray("intervals");
        for (Interval row : result.intervals()) {
            ObjectNode entry = intervals.addObject();
            entry.put("fromSeconds", row.from().toSeconds());
            entry.put("toSeconds", row.to().toSeconds());
            entry.put("phase", row.phase().name());
            ResultJson.number(entry, "overloadAckedPerSecond", row.overloadAckedPerSecond(), 1);
            entry.put("probes", row.probes());
            ResultJson.number(entry, "probeP50Ms", row.probeP50Millis(), 3);
            ResultJson.number(entry, "probeP99Ms", row.probeP99Millis(), 3);
            entry.put("chatHeapBytes", row.chatHeap());
        }
        json.putObject("history").put("exactlyOnce", result.exactlyOnce())
                .put("probesAcked", result.probeHistory().acked()).put("probesStored", result.probeHistory().stored())
                .put("overloadAcked", result.overloadHistory().acked())
                .put("overloadStored", result.overloadHistory().stored())
                .put("overloadStoredWithoutAck", result.overloadHistory().storedWithoutAck());
    }

    private long maxHeap(OverloadBenchmark.Phase phase) {
        return result.intervals().stream().filter(row -> row.phase() == phase).mapToLong(Interval::chatHeap).max()
                .orElse(-1);
    }

    private static void printLatency(String phase, Latencies.Summary latency) {
        System.out.printf("%-10s probe latency p50 %s, p99 %s, max %s (%d messages)%n", phase,
                SoakBenchmark.millis(latency.p50()), SoakBenchmark.millis(latency.p99()),
                SoakBenchmark.millis(latency.max()), latency.count());
    }
}

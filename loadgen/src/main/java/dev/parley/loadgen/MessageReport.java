package dev.parley.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The end of a {@code messages} run: what was persisted and delivered, how long it took, what it cost. */
final class MessageReport {

    private final MessageBenchmark.Result result;

    MessageReport(MessageBenchmark.Result result) {
        this.result = result;
    }

    void print() {
        System.out.println();
        System.out.printf("pairs %d, offered %d msgs/s, measured %d s, %d chat-service instance(s)%n", result.pairs(),
                result.offeredPerSecond(), result.window().toSeconds(), result.usage().chatInstances().size());
        System.out.printf("persisted  %.0f msgs/s (acknowledged by the server)%n", result.persistedPerSecond());
        System.out.printf("delivered  %.0f msgs/s (opened and verified by the recipient)%n",
                result.deliveredPerSecond());
        Latencies.Summary latency = result.latency();
        System.out.printf("latency    p50 %s, p95 %s, p99 %s, p99.9 %s, max %s (%d messages, from their intended "
                + "send times)%n", SoakBenchmark.millis(latency.p50()), SoakBenchmark.millis(latency.p95()),
                SoakBenchmark.millis(latency.p99()), SoakBenchmark.millis(latency.p999()),
                SoakBenchmark.millis(latency.max()), latency.count());
        printSendLag(result.sendLag());
        System.out.printf("errors     %d failed sends, %d error frames, %d integrity alerts, %d of %d not delivered%n",
                result.failedSends(), result.errorFrames(), result.integrityProblems(), result.undelivered(),
                result.sent());
        new UsageReport(result.usage(), result.delivered()).print();
    }

    /** How far this load generator's sends fell behind the schedule: latency it added before sending. */
    static void printSendLag(Latencies.Summary lag) {
        System.out.printf("send lag   p50 %s, p99 %s, max %s (load generator: intended send time to the send call)%n",
                SoakBenchmark.millis(lag.p50()), SoakBenchmark.millis(lag.p99()), SoakBenchmark.millis(lag.max()));
    }

    void addTo(ObjectNode json) {
        ResultJson.throughput(json, result.pairs(), result.offeredPerSecond(), result.warmup(), result.window(),
                result.sent(), result.persistedPerSecond(), result.deliveredPerSecond());
        json.set("latencyMs", ResultJson.latency(result.latency()));
        json.set("sendLagMs", ResultJson.latency(result.sendLag()));
        new UsageReport(result.usage(), result.delivered()).addTo(json);
        ObjectNode errors = json.putObject("errors");
        errors.put("failedSends", result.failedSends());
        errors.put("errorFrames", result.errorFrames());
        errors.put("integrityAlerts", result.integrityProblems());
        errors.put("undelivered", result.undelivered());
    }
}

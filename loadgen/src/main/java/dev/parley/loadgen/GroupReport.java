package dev.parley.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of a {@code groups} run: sends and deliveries per second, the latency to the last member, errors, whether
 * each group's history holds every message once, and what the deliveries cost.
 */
final class GroupReport {

    private final GroupBenchmark.Result result;

    GroupReport(GroupBenchmark.Result result) {
        this.result = result;
    }

    void print() {
        System.out.println();
        System.out.printf("groups %d of %d members, offered %d sends/s (%d deliveries/s), measured %d s, "
                + "%d chat-service instance(s)%n", result.groups(), result.members(), result.offeredPerSecond(),
                result.offeredPerSecond() * (result.members() - 1), result.window().toSeconds(),
                result.usage().chatInstances().size());
        System.out.printf("sends      %.0f /s (acknowledged by the server)%n", result.sendsPerSecond());
        System.out.printf("deliveries %.0f /s (opened and verified by each other member)%n",
                result.deliveriesPerSecond());
        Latencies.Summary latency = result.latency();
        System.out.printf("latency    p50 %s, p95 %s, p99 %s, p99.9 %s, max %s (%d messages, from their intended "
                + "send times to the last member's receipt)%n", SoakBenchmark.millis(latency.p50()),
                SoakBenchmark.millis(latency.p95()), SoakBenchmark.millis(latency.p99()),
                SoakBenchmark.millis(latency.p999()), SoakBenchmark.millis(latency.max()), latency.count());
        MessageReport.printSendLag(result.sendLag());
        System.out.printf("errors     %d failed sends, %d error frames, %d integrity alerts, %d of %d messages not "
                + "received by every member (%d deliveries missing)%n", result.failedSends(), result.errorFrames(),
                result.integrityProblems(), result.incomplete(), result.sent(), result.missingDeliveries());
        System.out.printf("history    %s%n", result.history().verdict("groups"));
        usage().print();
    }

    void addTo(ObjectNode json) {
        json.put("groups", result.groups());
        json.put("members", result.members());
        json.put("offeredRate", result.offeredPerSecond());
        json.put("offeredDeliveriesPerSecond", result.offeredPerSecond() * (result.members() - 1));
        json.put("warmupSeconds", result.warmup().toSeconds());
        json.put("windowSeconds", result.window().toSeconds());
        json.put("sent", result.sent());
        ResultJson.number(json, "sendsPerSecond", result.sendsPerSecond(), 1);
        ResultJson.number(json, "deliveriesPerSecond", result.deliveriesPerSecond(), 1);
        json.set("latencyMs", ResultJson.latency(result.latency()));
        json.set("sendLagMs", ResultJson.latency(result.sendLag()));
        usage().addTo(json);
        ObjectNode errors = json.putObject("errors");
        errors.put("failedSends", result.failedSends());
        errors.put("errorFrames", result.errorFrames());
        errors.put("integrityAlerts", result.integrityProblems());
        errors.put("incompleteMessages", result.incomplete());
        errors.put("missingDeliveries", result.missingDeliveries());
        HistoryCheck.Result history = result.history();
        json.putObject("history").put("groups", history.conversations()).put("read", history.read())
                .put("acked", history.acked()).put("stored", history.stored())
                .put("storedWithoutAck", history.storedWithoutAck()).put("exactlyOnce", history.exactlyOnce());
    }

    private UsageReport usage() {
        return new UsageReport(result.usage(), result.deliveries(), UsageReport.Per.DELIVERY);
    }
}

package dev.parley.loadgen;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the messages of a measured window cost: the CPU time of every server process and of this load generator,
 * per message delivered in the window (per delivery, for groups: one member's receipt of a message) and per second
 * of it, and each chat-service instance's counters. Printed always, and put into the JSON result.
 */
final class UsageReport {

    /** What the CPU time is divided by: in the printed unit and in the JSON keys. */
    enum Per {
        MESSAGE("msg", "PerMessage"), DELIVERY("delivery", "PerDelivery");

        private final String unit;
        private final String key;

        Per(String unit, String key) {
            this.unit = unit;
            this.key = key;
        }
    }

    private static final String TOTAL = "total";

    private final StackMonitor.Usage usage;
    private final long delivered;
    private final Per per;

    /** @param delivered messages that arrived at their recipients during the window */
    UsageReport(StackMonitor.Usage usage, long delivered) {
        this(usage, delivered, Per.MESSAGE);
    }

    /** @param delivered messages (or group deliveries) that arrived at their recipients during the window */
    UsageReport(StackMonitor.Usage usage, long delivered, Per per) {
        this.usage = usage;
        this.delivered = delivered;
        this.per = per;
    }

    void print() {
        System.out.printf("CPU over the %.1f s window, per %s and per second (null: process not there "
                + "throughout):%n", usage.seconds(), per == Per.MESSAGE ? "delivered message" : "delivery");
        usage.serverCpuMillis().forEach(this::printLine);
        printLine("server " + TOTAL, usage.serverCpuMillisTotal());
        printLine("load generator", usage.clientCpuMillis());
        for (StackMonitor.InstanceUsage instance : usage.chatInstances()) {
            System.out.printf("counters of %s over the window:%s%n", instance.name(),
                    instance.counters().isEmpty() ? " none" : "");
            instance.counters().forEach((key, value) -> System.out.printf("  %-70s %,.0f%n", key, value));
        }
        System.out.printf("load average %s at the start, %s at the end%n", usage.loadAverageStart(),
                usage.loadAverageEnd());
    }

    private void printLine(String process, Double millis) {
        if (millis == null) {
            System.out.printf("  %-22s %12s%n", process, "null");
        } else {
            System.out.printf("  %-22s %8.1f µs/%s %8.1f ms/s%n", process, microsPerMessage(millis), per.unit,
                    millisPerSecond(millis));
        }
    }

    /**
     * Adds {@code instances}, {@code serverCpuMicrosPerMessage} ({@code serverCpuMicrosPerDelivery} for groups) and
     * {@code serverCpuMillisPerSecond} (each process and the total), the same for the client, {@code loadAverage} and
     * {@code chatInstances}.
     */
    void addTo(ObjectNode json) {
        json.put("instances", usage.chatInstances().size());
        number(json, "measuredSeconds", usage.seconds(), 3);
        ObjectNode perMessage = json.putObject("serverCpuMicros" + per.key);
        ObjectNode perSecond = json.putObject("serverCpuMillisPerSecond");
        number(perMessage, TOTAL, microsPerMessage(usage.serverCpuMillisTotal()), 1);
        number(perSecond, TOTAL, millisPerSecond(usage.serverCpuMillisTotal()), 1);
        for (Map.Entry<String, Double> process : usage.serverCpuMillis().entrySet()) {
            Double millis = process.getValue();
            number(perMessage, process.getKey(), millis == null ? null : microsPerMessage(millis), 1);
            number(perSecond, process.getKey(), millis == null ? null : millisPerSecond(millis), 1);
        }
        number(json, "clientCpuMicros" + per.key, microsPerMessage(usage.clientCpuMillis()), 1);
        number(json, "clientCpuMillisPerSecond", millisPerSecond(usage.clientCpuMillis()), 1);
        json.set("loadAverage", ResultJson.loadAverage(usage.loadAverageStart(), usage.loadAverageEnd()));
        ArrayNode instances = json.putArray("chatInstances");
        for (StackMonitor.InstanceUsage instance : usage.chatInstances()) {
            ObjectNode entry = instances.addObject();
            entry.put("name", instance.name());
            if (instance.pid() == null) {
                entry.putNull("pid");
            } else {
                entry.put("pid", instance.pid());
            }
            number(entry, "cpuMillis", instance.cpuMillis(), 1);
            ObjectNode counters = entry.putObject("counters");
            instance.counters().forEach((key, value) -> number(counters, key, value, 3));
        }
    }

    private double microsPerMessage(double millis) {
        return delivered == 0 ? Double.NaN : millis * 1000 / delivered;
    }

    private double millisPerSecond(double millis) {
        return millis / usage.seconds();
    }

    private static void number(ObjectNode json, String key, Double value, int decimals) {
        ResultJson.number(json, key, value, decimals);
    }
}

package dev.parley.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the stack and this load generator did over a measured window, from a {@link Sample} at each end: the CPU time
 * of every server process ({@link ServerProcesses}) and of this JVM, every chat-service instance's own counters
 * ({@link ChatCounters}), and the machine's load average. Reading takes a few milliseconds and disturbs nothing.
 */
final class StackMonitor {

    /** Everything read at one moment; {@code counters} by chat-service instance, empty where /q/metrics failed. */
    record Sample(long nanoTime, Map<String, ServerProcesses.Reading> processes, long clientCpuNanos,
            Map<String, Map<String, Double>> counters, List<Double> loadAverage) {
    }

    /** One chat-service instance over the window; {@code pid} and {@code cpuMillis} null when not known. */
    record InstanceUsage(String name, Long pid, Double cpuMillis, Map<String, Double> counters) {
    }

    /**
     * The window: how long it was between the samples, the CPU milliseconds each server process used (null for one
     * that was not there throughout) and this JVM used, each chat-service instance, and the load average (1, 5 and
     * 15 minutes; empty when unknown) at both ends.
     */
    record Usage(double seconds, Map<String, Double> serverCpuMillis, double clientCpuMillis,
            List<InstanceUsage> chatInstances, List<Double> loadAverageStart, List<Double> loadAverageEnd) {

        /** The CPU time of every server process that was measured. */
        double serverCpuMillisTotal() {
            return serverCpuMillis.values().stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        }
    }

    private static final String CHAT_SERVICE = "chat-service";

    private final Http http;
    private final ServerProcesses processes;
    /** The chat-service instances, by name, with their base addresses. */
    private final Map<String, URI> chatInstances;

    StackMonitor(Options options, Http http) {
        this.http = http;
        this.processes = ServerProcesses.find(options.home());
        Map<String, URI> instances = new LinkedHashMap<>();
        options.stackEndpoints().forEach((name, base) -> {
            if (name.startsWith(CHAT_SERVICE)) {
                instances.put(name, base);
            }
        });
        if (instances.isEmpty()) {
            instances.put(CHAT_SERVICE, options.chatService());
        }
        this.chatInstances = instances;
    }

    /** How many chat-service instances the stack runs. */
    int instances() {
        return chatInstances.size();
    }

    /** The server processes measured, by name, for the report. */
    List<ServerProcesses.Watched> processes() {
        return processes.watched();
    }

    Sample sample() {
        long now = System.nanoTime();
        long clientCpu = clientCpuNanos();
        Map<String, ServerProcesses.Reading> readings = processes.read();
        List<Double> load = loadAverage();
        Map<String, Map<String, Double>> counters = new LinkedHashMap<>();
        chatInstances.forEach((name, base) -> counters.put(name, counters(name, base)));
        return new Sample(now, readings, clientCpu, counters, load);
    }

    Usage between(Sample start, Sample end) {
        Map<String, Double> serverCpu = processes.millisBetween(start.processes(), end.processes());
        List<InstanceUsage> instances = new ArrayList<>();
        chatInstances.keySet().forEach(name -> {
            var pid = processes.pid(name);
            instances.add(new InstanceUsage(name, pid.isPresent() ? pid.getAsLong() : null, serverCpu.get(name),
                    ChatCounters.delta(start.counters().get(name), end.counters().get(name))));
        });
        return new Usage((end.nanoTime() - start.nanoTime()) / 1e9, serverCpu,
                (end.clientCpuNanos() - start.clientCpuNanos()) / 1e6, instances, start.loadAverage(),
                end.loadAverage());
    }

    private Map<String, Double> counters(String name, URI base) {
        try {
            return ChatCounters.parse(http.text(Options.management(base).resolve("/q/metrics")));
        } catch (RuntimeException e) {
            System.out.printf("Could not read the metrics of %s at %s: %s%n", name, base, e.getMessage());
            return Map.of();
        }
    }

    /** This JVM's CPU time so far, all threads, in nanoseconds. */
    static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The machine's load average over 1, 5 and 15 minutes, from /proc/loadavg; empty when it cannot be read. */
    static List<Double> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Arrays.stream(fields, 0, 3).map(Double::valueOf).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

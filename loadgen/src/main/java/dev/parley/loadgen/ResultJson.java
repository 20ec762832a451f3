package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A run's result as JSON ({@code --out}), for comparing runs without reading their output: the run's identity
 * ({@link RunContext}) first, then what the mode measured. Numbers that could not be measured are null.
 */
final class ResultJson {

    private ResultJson() {
    }

    /** A result with the run's identity and PostgreSQL's durability settings. */
    static ObjectNode start(RunContext context, Map<String, String> postgres) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("mode", context.mode());
        json.put("startedAt", context.startedAt().toString());
        json.put("gitCommit", context.gitCommit());
        ObjectNode settings = json.putObject("postgres");
        postgres.forEach(settings::put);
        return json;
    }

    /** What was offered and what came of it, the same for every mode that sends messages. */
    static void throughput(ObjectNode json, int pairs, int offeredRate, Duration warmup, Duration window, long sent,
            double persistedPerSecond, double deliveredPerSecond) {
        json.put("pairs", pairs);
        json.put("offeredRate", offeredRate);
        json.put("warmupSeconds", warmup.toSeconds());
        json.put("windowSeconds", window.toSeconds());
        json.put("sent", sent);
        number(json, "persistedPerSecond", persistedPerSecond, 1);
        number(json, "deliveredPerSecond", deliveredPerSecond, 1);
    }

    /** Milliseconds, to the microsecond the histograms hold. */
    static ObjectNode latency(Latencies.Summary summary) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("count", summary.count());
        number(json, "p50", summary.p50(), 3);
        number(json, "p95", summary.p95(), 3);
        number(json, "p99", summary.p99(), 3);
        number(json, "p999", summary.p999(), 3);
        number(json, "max", summary.max(), 3);
        return json;
    }

    /** {@code {start: [1, 5, 15 minutes], end: [...]}}. */
    static ObjectNode loadAverage(List<Double> start, List<Double> end) {
        ObjectNode json = Http.JSON.createObjectNode();
        ArrayNode first = json.putArray("start");
        start.forEach(first::add);
        ArrayNode last = json.putArray("end");
        end.forEach(last::add);
        return json;
    }

    /**
     * A number rounded to {@code decimals}, whole numbers (counts) without a fraction; null for NaN (nothing
     * measured) or a missing value.
     */
    static void number(ObjectNode json, String key, Double value, int decimals) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            json.putNull(key);
            return;
        }
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(value * scale) / scale;
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            json.put(key, (long) rounded);
        } else {
            json.put(key, rounded);
        }
    }

    static void write(Path file, ObjectNode json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Http.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
            System.out.println("Result written to " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

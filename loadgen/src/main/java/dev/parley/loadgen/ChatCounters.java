package dev.parley.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * chat-service's own metrics: every {@code parley_chat_*} line of its Prometheus text ({@code /q/metrics}), keyed by
 * the metric's name with its labels as written (say {@code parley_chat_frames_delivered_total{path="local"}}).
 * Whatever the service exports is taken, so new counters need no change here.
 */
final class ChatCounters {

    static final String PREFIX = "parley_chat_";

    private ChatCounters() {
    }

    /** The {@code parley_chat_*} samples of a Prometheus text exposition, in its order. */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(PREFIX)) {
                continue; // comments (# HELP, # TYPE) and other metrics
            }
            // Label values may hold spaces, so the key runs to the closing brace when there are labels.
            int labelsEnd = line.indexOf('{') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
            if (labelsEnd <= 0 || labelsEnd >= line.length()) {
                continue;
            }
            String[] rest = line.substring(labelsEnd).trim().split("\\s+");
            try {
                samples.put(line.substring(0, labelsEnd), Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // not a sample line after all: skipped
            }
        }
        return samples;
    }

    /**
     * How much each sample grew from {@code start} to {@code end}; one that appeared in between (a counter is
     * exported from its first use) grew from 0.
     */
    static Map<String, Double> delta(Map<String, Double> start, Map<String, Double> end) {
        Map<String, Double> delta = new LinkedHashMap<>();
        end.forEach((key, value) -> delta.put(key, value - start.getOrDefault(key, 0.0)));
        return delta;
    }
}

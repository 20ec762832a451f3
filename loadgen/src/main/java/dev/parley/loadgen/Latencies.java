package dev.parley.loadgen;

import java.util.Arrays;

/** End-to-end latencies in microseconds, kept whole so that percentiles are exact. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int count;

    synchronized void add(long micros) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = micros;
    }

    synchronized int count() {
        return count;
    }

    /** The given percentile (0–100) in milliseconds; NaN without values. */
    synchronized double percentileMillis(double percentile) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1000.0;
    }
}

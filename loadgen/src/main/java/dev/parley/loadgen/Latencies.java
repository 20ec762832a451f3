package dev.parley.loadgen;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded from any thread (wait-free) into an HdrHistogram {@link Recorder}: 3
 * significant digits in fixed memory, however many messages a run sends. Anything longer than 10 minutes counts as
 * 10 minutes. Percentiles come from the histogram of an interval, which {@link #interval()} hands out and restarts.
 */
final class Latencies {

    static final long LONGEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int SIGNIFICANT_DIGITS = 3;

    /** Percentiles of one histogram in milliseconds (NaN when it is empty), and how many values it holds. */
    record Summary(long count, double p50, double p95, double p99, double p999, double max) {

        static Summary of(Histogram histogram) {
            return new Summary(histogram.getTotalCount(), millis(histogram, 50), millis(histogram, 95),
                    millis(histogram, 99), millis(histogram, 99.9), millis(histogram, 100));
        }
    }

    private final Recorder recorder = new Recorder(LONGEST_MICROS, SIGNIFICANT_DIGITS);

    void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, LONGEST_MICROS)));
    }

    /** What was recorded since the last call (since this was made, the first time). */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** An empty histogram of the same range and precision, to add intervals up in. */
    static Histogram emptyHistogram() {
        return new Histogram(LONGEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /** The given percentile (0–100) in milliseconds; NaN without values. */
    static double millis(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }
}

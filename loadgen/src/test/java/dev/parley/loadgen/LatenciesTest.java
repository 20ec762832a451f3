package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesInMillisecondsToThreeSignificantDigits() {
        Latencies latencies = new Latencies();
        for (int micros = 1; micros <= 10_000; micros++) {
            latencies.record(micros);
        }

        Latencies.Summary summary = Latencies.Summary.of(latencies.interval());

        assertThat(summary.count()).isEqualTo(10_000);
        assertThat(summary.p50()).isCloseTo(5.0, within(0.01));
        assertThat(summary.p99()).isCloseTo(9.9, within(0.01));
        assertThat(summary.p999()).isCloseTo(9.99, within(0.01));
        assertThat(summary.max()).isCloseTo(10.0, within(0.01));
    }

    @Test
    void anIntervalStartsEmptyAndOverlongValuesCountAsTheLongest() {
        Latencies latencies = new Latencies();
        latencies.record(1);
        latencies.interval();
        latencies.record(Long.MAX_VALUE);

        Latencies.Summary summary = Latencies.Summary.of(latencies.interval());

        assertThat(summary.count()).isEqualTo(1);
        assertThat(summary.max()).isCloseTo(Latencies.LONGEST_MICROS / 1000.0, within(600.0));
        assertThat(Latencies.Summary.of(latencies.interval()).p50()).isNaN();
    }
}

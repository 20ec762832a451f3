package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.loadgen.OverloadBenchmark.Interval;
import dev.parley.loadgen.OverloadBenchmark.Phase;

class OverloadRecoveryTest {

    private static final Latencies.Summary BASELINE = new Latencies.Summary(1000, 4, 6, 8, 9, 12);
    private static final Duration OVERLOAD_END = Duration.ofSeconds(30);

    @Test
    void normalIsTwiceTheBaselineOrTenMillisecondsMore() {
        assertThat(OverloadBenchmark.normal(8)).isEqualTo(18);
        assertThat(OverloadBenchmark.normal(40)).isEqualTo(80);
    }

    @Test
    void recoveredAtTheFirstIntervalAfterTheOverloadFromWhichOnEveryOneIsNormal() {
        List<Interval> intervals = intervals(Phase.before, 7, Phase.overload, 900, Phase.after, 400, Phase.after, 12,
                Phase.after, 30, Phase.after, 10, Phase.after, 9);

        assertThat(OverloadBenchmark.recoveredAfter(intervals, BASELINE, OVERLOAD_END))
                .contains(Duration.ofSeconds(6)); // the interval from 36 s: the one from 32 s fell back
    }

    @Test
    void notRecoveredWhenTheLastIntervalIsStillSlowOrHadNoProbes() {
        assertThat(OverloadBenchmark.recoveredAfter(
                intervals(Phase.overload, 900, Phase.after, 10, Phase.after, 300), BASELINE, OVERLOAD_END)).isEmpty();
        assertThat(OverloadBenchmark.recoveredAfter(
                intervals(Phase.overload, 900, Phase.after, Double.NaN), BASELINE, OVERLOAD_END)).isEmpty();
    }

    /** Two-second intervals ending at the overload's end and after, each a phase and a probe p99. */
    private static List<Interval> intervals(Object... phasesAndP99s) {
        List<Interval> intervals = new ArrayList<>();
        int overloadAndBefore = 0;
        for (int i = 0; i < phasesAndP99s.length; i += 2) {
            if (phasesAndP99s[i] != Phase.after) {
                overloadAndBefore++;
            }
        }
        long from = OVERLOAD_END.toSeconds() - 2L * overloadAndBefore;
        for (int i = 0; i < phasesAndP99s.length; i += 2, from += 2) {
            double p99 = ((Number) phasesAndP99s[i + 1]).doubleValue();
            intervals.add(new Interval(Duration.ofSeconds(from), Duration.ofSeconds(from + 2), (Phase) phasesAndP99s[i],
                    0, Double.isNaN(p99) ? 0 : 200, p99 / 2, p99, 1));
        }
        return intervals;
    }
}

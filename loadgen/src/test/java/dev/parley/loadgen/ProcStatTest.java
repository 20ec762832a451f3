package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsTheFieldsAfterANameWithSpacesAndParentheses() {
        String line = "4242 (post gres) (x)) S 17 4242 4242 0 -1 4194560 900 0 0 0 120 35 7 3 20 0 1 0 98765 "
                + "300000000 2000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(4242, line);

        assertThat(stat.name()).isEqualTo("post gres) (x)");
        assertThat(stat.parent()).isEqualTo(17);
        assertThat(stat.ownTicks()).isEqualTo(155);
        assertThat(stat.ownAndReapedTicks()).isEqualTo(165);
        assertThat(stat.startTicks()).isEqualTo(98765);
    }

    @Test
    void readsThisProcessAndNothingForOneThatIsGone() {
        assertThat(ProcStat.read(ProcessHandle.current().pid())).hasValueSatisfying(stat ->
                assertThat(stat.parent()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid()));
        assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
    }
}

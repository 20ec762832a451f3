package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanoutTest {

    private final Fanout fanout = new Fanout();

    @Test
    void onlyTheLastRecipientsReceiptCompletesAMessage() {
        fanout.expect("t1", 3);

        assertThat(fanout.received("t1")).isFalse();
        assertThat(fanout.received("t1")).isFalse();
        assertThat(fanout.received("t1")).as("the third of three").isTrue();
        assertThat(fanout.received("t1")).as("a receipt more completes nothing again").isFalse();
        assertThat(fanout.incomplete()).isZero();
    }

    @Test
    void whatIsStillMissingIsCountedByMessageAndByReceipt() {
        fanout.expect("t1", 2);
        fanout.expect("t2", 2);
        fanout.expect("t3", 1);
        fanout.received("t1");
        fanout.received("t3");

        assertThat(fanout.received("unexpected")).isFalse();
        assertThat(fanout.incomplete()).isEqualTo(2);
        assertThat(fanout.missing()).isEqualTo(3);
    }
}

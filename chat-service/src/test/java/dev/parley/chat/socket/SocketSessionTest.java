package dev.parley.chat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.bucket4j.Bucket;

class SocketSessionTest {

    private final SocketSession session = new SocketSession(UUID.randomUUID(), UUID.randomUUID().toString(), "device", Instant.MAX,
            SocketSession.allowance(50, 100), 32, SocketSession.allowance(0.5, 3));

    @Test
    void typingHasAnAllowanceOfItsOwnThatLeavesSendsAlone() {
        for (int i = 0; i < 3; i++) {
            assertThat(session.allowTyping()).as("typing frame %d of the burst", i + 1).isTrue();
        }
        assertThat(session.allowTyping()).as("one more at once (the next comes in 2 s)").isFalse();
        assertThat(session.allowSend()).as("a send meanwhile").isTrue();
    }

    @Test
    void anAllowanceOfLessThanOneFrameASecondGainsOneBackEveryFewSeconds() {
        Bucket allowance = SocketSession.allowance(0.5, 3);
        for (int i = 0; i < 3; i++) {
            allowance.tryConsume(1);
        }

        assertThat(Duration.ofNanos(allowance.estimateAbilityToConsume(1).getNanosToWaitForRefill()))
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(2));
    }

    @Test
    void aRefusedSendHoldsTheLaterOnesOfItsChainUntilItIsStored() {
        session.hold("conversation/device", 5);

        assertThat(session.held("conversation/device", 6)).as("the next one waits").isTrue();
        assertThat(session.held("conversation/device", 5)).as("the refused one may come again").isFalse();
        assertThat(session.held("conversation/other-device", 6)).as("another chain").isFalse();

        session.stored("conversation/device", 5);
        assertThat(session.held("conversation/device", 6)).isFalse();
    }

    @Test
    void theChainIsHeldFromItsLowestRefusedSend() {
        session.hold("chain", 7);
        session.hold("chain", 5);
        session.stored("chain", 4);

        assertThat(session.held("chain", 6)).isTrue();
        session.stored("chain", 5);
        assertThat(session.held("chain", 6)).isFalse();
    }

    @Test
    void everyRefusedSendOfAChainIsStoredBeforeALaterOne() {
        // 10 and 11 refused while 10 was held already (a burst of retries meets a full queue).
        session.hold("chain", 10);
        session.hold("chain", 11);
        session.hold("chain", 12);

        session.stored("chain", 10);
        assertThat(session.held("chain", 11)).as("the next refused one may come").isFalse();
        assertThat(session.held("chain", 13)).as("a new send after the refused ones").isTrue();
        session.stored("chain", 11);
        assertThat(session.held("chain", 13)).as("12 is still missing").isTrue();
        session.stored("chain", 12);
        assertThat(session.held("chain", 13)).as("every refused one is stored").isFalse();
    }

    @Test
    void aSocketHasABoundedNumberOfDeliveryReportsWaitingAndEachStoredOneMakesRoom() {
        assertThat(session.startReport(2)).isTrue();
        assertThat(session.startReport(2)).isTrue();
        assertThat(session.startReport(2)).as("a third while two wait").isFalse();

        session.reportDone();

        assertThat(session.startReport(2)).as("one was stored").isTrue();
        assertThat(session.startReport(2)).isFalse();
    }
}

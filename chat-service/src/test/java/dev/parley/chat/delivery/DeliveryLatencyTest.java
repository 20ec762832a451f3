package dev.parley.chat.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DeliveryLatencyTest {

    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00.250Z");

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final DeliveryLatency latency = new DeliveryLatency(Clock.fixed(NOW, ZoneOffset.UTC), metrics);

    @Test
    void eachDeliveredMessageIsOneSampleOfItsPathFromItsStoredTime() {
        latency.delivered(DeliveryLatency.LOCAL, NOW.minusMillis(40));
        latency.delivered(DeliveryLatency.KAFKA, NOW.minusMillis(1500));
        latency.delivered(DeliveryLatency.KAFKA, NOW.minusMillis(500));

        assertThat(timer("local").count()).isEqualTo(1);
        assertThat(timer("local").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(timer("kafka").count()).isEqualTo(2);
        assertThat(timer("kafka").max(TimeUnit.MILLISECONDS)).isEqualTo(1500);
    }

    @Test
    void aFrameCarryingNoMessageIsNotMeasured() {
        latency.delivered(DeliveryLatency.LOCAL, null);

        assertThat(timer("local").count()).isZero();
    }

    @Test
    void aStoredTimeAheadOfThisInstancesClockCountsAsNoWait() {
        assertThat(DeliveryLatency.since(NOW.plusMillis(30), NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theStoredTimeTravelsInAHeaderToTheInstanceHoldingTheSocket() {
        Instant storedAt = Instant.parse("2026-12-03T19:59:59.123456Z");

        assertThat(DeliveryLatency.storedAt(DeliveryLatency.header(storedAt))).isEqualTo(storedAt);
        assertThat(DeliveryLatency.storedAt(null)).isNull();
        assertThat(DeliveryLatency.storedAt("yesterday".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    private Timer timer(String path) {
        return metrics.get("parley.chat.delivery.latency").tag("path", path).timer();
    }
}

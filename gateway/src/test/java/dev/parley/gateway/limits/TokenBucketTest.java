package dev.parley.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void letsABurstOfItsCapacityThroughThenTellsHowLongToWait() {
        TokenBucket bucket = new TokenBucket(10, Duration.ofMinutes(1), 0);

        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take(0)).as("request %d", i + 1).isZero();
        }

        assertThat(bucket.take(0)).isEqualTo(6 * SECOND);
    }

    @Test
    void refillsEvenlyOverThePeriod() {
        TokenBucket bucket = new TokenBucket(10, Duration.ofMinutes(1), 0);
        for (int i = 0; i < 10; i++) {
            bucket.take(0);
        }

        assertThat(bucket.take(5 * SECOND)).isEqualTo(SECOND);
        assertThat(bucket.take(6 * SECOND)).isZero();
        assertThat(bucket.take(6 * SECOND)).isEqualTo(6 * SECOND);
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(2), 0);

        assertThat(bucket.isFull(3600 * SECOND)).isTrue();
        assertThat(bucket.take(3600 * SECOND)).isZero();
        assertThat(bucket.take(3600 * SECOND)).isZero();
        assertThat(bucket.take(3600 * SECOND)).isPositive();
        assertThat(bucket.isFull(3600 * SECOND)).isFalse();
    }
}

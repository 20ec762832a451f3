package dev.parley.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.parley.gateway.config.GatewayConfig;

class RateLimiterTest {

    private static final String CLIENT = "203.0.113.7";

    private final AtomicLong clock = new AtomicLong();

    @Test
    void letsABurstOfItsCapacityThroughThenTellsHowLongToWait() {
        RateLimiter limiter = new RateLimiter("api", new Limit(10, Duration.ofMinutes(1)), 100, clock::get);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.acquire(CLIENT)).as("request %d", i + 1).isZero();
        }

        assertThat(limiter.acquire(CLIENT)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void refillsEvenlyOverThePeriod() {
        RateLimiter limiter = new RateLimiter("api", new Limit(10, Duration.ofMinutes(1)), 100, clock::get);
        for (int i = 0; i < 10; i++) {
            limiter.acquire(CLIENT);
        }

        clock.set(Duration.ofSeconds(5).toNanos());
        assertThat(limiter.acquire(CLIENT)).isEqualTo(Duration.ofSeconds(1));
        clock.set(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.acquire(CLIENT)).isZero();
        assertThat(limiter.acquire(CLIENT)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        RateLimiter limiter = new RateLimiter("api", new Limit(2, Duration.ofSeconds(2)), 100, clock::get);
        limiter.acquire(CLIENT);

        clock.set(Duration.ofHours(1).toNanos());
        assertThat(limiter.acquire(CLIENT)).isZero();
        assertThat(limiter.acquire(CLIENT)).isZero();
        assertThat(limiter.acquire(CLIENT)).isPositive();
    }

    @Test
    void keepsABucketPerClient() {
        RateLimiter limiter = new RateLimiter("login", new Limit(2, Duration.ofMinutes(1)), 100, clock::get);

        assertThat(limiter.acquire("203.0.113.7")).isZero();
        assertThat(limiter.acquire("203.0.113.7")).isZero();
        assertThat(limiter.acquire("203.0.113.7")).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.acquire("198.51.100.1")).isZero();
    }

    @Test
    void forgetsClientsWhoseBucketsRefilled() {
        RateLimiter limiter = new RateLimiter("api", new Limit(1, Duration.ofSeconds(10)), 100, clock::get);
        limiter.acquire("203.0.113.7");
        limiter.acquire("198.51.100.1");

        clock.set(Duration.ofSeconds(5).toNanos());
        limiter.forgetIdleClients();
        assertThat(limiter.trackedClients()).isEqualTo(2);

        clock.set(Duration.ofSeconds(10).toNanos());
        limiter.forgetIdleClients();
        assertThat(limiter.trackedClients()).isZero();
    }

    @Test
    void whenFullForgetsIdleClientsAndLetsNewOnesThroughRatherThanRefusingThem() {
        RateLimiter limiter = new RateLimiter("api", new Limit(1, Duration.ofSeconds(10)), 2, clock::get);
        limiter.acquire("10.0.0.1");
        limiter.acquire("10.0.0.2");

        assertThat(limiter.acquire("10.0.0.3")).isZero();
        assertThat(limiter.acquire("10.0.0.3")).as("not tracked while full").isZero();
        assertThat(limiter.trackedClients()).isEqualTo(2);

        clock.set(Duration.ofSeconds(10).toNanos());
        assertThat(limiter.acquire("10.0.0.3")).isZero();
        assertThat(limiter.acquire("10.0.0.3")).as("tracked once idle ones were forgotten").isPositive();
    }

    @Test
    void refusesALimitThatAllowsNothing() {
        assertThatThrownBy(() -> new RateLimiter("login", new Limit(0, Duration.ofMinutes(1)), 100, clock::get))
                .hasMessageContaining("parley.gateway.rate-limits.login");
    }

    private record Limit(int requests, Duration per) implements GatewayConfig.RateLimit {
    }
}

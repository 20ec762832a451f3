package dev.parley.gateway.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.parley.gateway.config.GatewayConfig.RateLimit;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One rate limit: a token bucket per client address, kept in memory by this gateway instance. A full bucket lets a
 * burst of {@code requests} through, then one per period/requests, refilled evenly (Bucket4j's greedy refill).
 */
final class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long WARNING_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final String name;
    private final int requests;
    private final Duration period;
    private final int maxClients;
    private final LongSupplier clock;
    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastWarningAt;

    RateLimiter(String name, RateLimit limit, int maxClients, LongSupplier clock) {
        if (limit.requests() < 1 || limit.per().isZero() || limit.per().isNegative()) {
            throw new IllegalArgumentException("parley.gateway.rate-limits." + name
                    + " needs at least one request per positive period");
        }
        this.name = name;
        this.requests = limit.requests();
        this.period = limit.per();
        this.maxClients = maxClients;
        this.clock = clock;
        this.timeMeter = new NanoClock(clock);
        this.lastWarningAt = new AtomicLong(clock.getAsLong() - WARNING_INTERVAL_NANOS - 1);
    }

    /** The limit's name in logs and metrics: login, signup, prelogin, session-refresh or api. */
    String name() {
        return name;
    }

    /** Counts a request of the client: zero when it may go on, else how long until it may try again. */
    Duration acquire(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                forgetIdleClients();
                if (buckets.size() >= maxClients) {
                    warnFull(clock.getAsLong());
                    return Duration.ZERO;
                }
            }
            bucket = buckets.computeIfAbsent(client, ignored -> newBucket());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Drops the buckets that have refilled: their clients start from a full bucket anyway. */
    void forgetIdleClients() {
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= requests);
    }

    int trackedClients() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(requests).refillGreedy(requests, period))
                .withCustomTimePrecision(timeMeter)
                .build();
    }

    private void warnFull(long now) {
        long last = lastWarningAt.get();
        if (now - last > WARNING_INTERVAL_NANOS && lastWarningAt.compareAndSet(last, now)) {
            LOG.warnf("The %s rate limit tracks %d client addresses, its maximum; new addresses go unlimited "
                    + "(raise parley.gateway.rate-limits.max-tracked-clients)", name, maxClients);
        }
    }

    @Override
    public String toString() {
        return name + ": " + requests + " per " + period;
    }

    /** The limiter's clock as Bucket4j reads time: a monotonic nanosecond count, so tests can move it. */
    private record NanoClock(LongSupplier nanos) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return nanos.getAsLong();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}

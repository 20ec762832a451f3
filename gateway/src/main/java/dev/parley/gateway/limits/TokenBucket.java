package dev.parley.gateway.limits;

import java.time.Duration;

/**
 * Holds up to {@code capacity} tokens and gains them back evenly, {@code capacity} per {@code period}; every request
 * takes one. A full bucket lets a burst of {@code capacity} requests through, then one per period/capacity.
 * <p>
 * Kept as the time at which the bucket will be full again (the "generic cell rate algorithm" form of a token
 * bucket), so it needs one long and no floating point.
 */
final class TokenBucket {

    /** Nanoseconds it takes to gain one token back. */
    private final long interval;
    /** How far ahead of now the full-again time may be while a token is left. */
    private final long tolerance;
    private long fullAt;

    TokenBucket(int capacity, Duration period, long now) {
        this.interval = Math.max(1, period.toNanos() / capacity);
        this.tolerance = interval * (capacity - 1);
        this.fullAt = now;
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there will be (nothing is taken then). */
    synchronized long take(long now) {
        long from = Math.max(fullAt, now);
        long wait = from - now - tolerance;
        if (wait > 0) {
            return wait;
        }
        fullAt = from + interval;
        return 0;
    }

    /** Whether the bucket has refilled completely: forgetting it then changes nothing for its client. */
    synchronized boolean isFull(long now) {
        return fullAt - now <= 0;
    }
}

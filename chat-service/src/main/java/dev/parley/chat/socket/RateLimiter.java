package dev.parley.chat.socket;

/**
 * A token bucket: {@code perSecond} sends per second on average, up to {@code burst} at once after a quiet spell.
 * One per socket; a socket's frames are handled one at a time, but the lock keeps it correct regardless.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}

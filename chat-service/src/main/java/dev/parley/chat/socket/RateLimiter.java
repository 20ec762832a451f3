package dev.parley.chat.socket;

/**
 * A token bucket: {@code perSecond} frames per second on average (a fraction for fewer than one), up to {@code burst}
 * at once after a quiet spell. Per socket, one for sends and one for typing frames; a socket's frames are handled one
 * at a time, but the lock keeps it correct regardless.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    RateLimiter(double perSecond, int burst) {
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

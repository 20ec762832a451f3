package dev.parley.presence.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * What a user's connections say about them.
 *
 * @param liveConnections how many of their connections are on live chat instances
 * @param lastAliveAt     the latest time any of the instances holding their connections was known alive; null
 *                        when they hold none
 */
public record Connectivity(UUID userId, Long liveConnections, Instant lastAliveAt) {

    public static Connectivity none(UUID userId) {
        return new Connectivity(userId, 0L, null);
    }

    public boolean online() {
        return liveConnections > 0;
    }
}

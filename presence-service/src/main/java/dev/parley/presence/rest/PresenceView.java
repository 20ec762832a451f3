package dev.parley.presence.rest;

import java.time.Instant;
import java.util.UUID;

import dev.parley.presence.repository.FriendPresence;

/**
 * A friend's presence in the API.
 *
 * @param username as the friend first typed it; null if this service has not learnt it yet
 * @param lastSeen when the friend was last connected; null if they never went offline since this service knows them
 */
public record PresenceView(UUID userId, String username, boolean online, Instant lastSeen) {

    static PresenceView of(FriendPresence friend) {
        return new PresenceView(friend.userId(), friend.username(), Boolean.TRUE.equals(friend.online()),
                friend.lastSeen());
    }
}

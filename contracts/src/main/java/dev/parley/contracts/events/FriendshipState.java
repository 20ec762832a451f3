package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/**
 * The current state of a pair of users on the friendships topic, keyed by {@link dev.parley.contracts.Keys#pair}.
 * {@code userA} sorts before {@code userB}.
 */
@EventType(name = "friendship.state", version = 1)
public record FriendshipState(UUID userA, UUID userB, boolean friends, Instant changedAt) implements EventPayload {
}

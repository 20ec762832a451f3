package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/**
 * A friendship ended (friend-events topic, keyed by {@link dev.parley.contracts.Keys#pair}): {@code userId} removed
 * {@code friendId} from their friends, or deleted their account.
 */
@EventType(name = "friend.removed", version = 1)
public record FriendRemoved(UUID userId, UUID friendId, boolean accountDeleted, Instant removedAt)
        implements FriendEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.removed(this);
    }
}

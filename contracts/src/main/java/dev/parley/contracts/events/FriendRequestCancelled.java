package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/**
 * The sender of a pending friend request withdrew it (friend-events topic, keyed by
 * {@link dev.parley.contracts.Keys#pair} of sender and recipient).
 */
@EventType(name = "friend-request.cancelled", version = 1)
public record FriendRequestCancelled(UUID requestId, UUID senderId, UUID recipientId, Instant cancelledAt)
        implements FriendEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.cancelled(this);
    }
}

package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/**
 * The recipient of a friend request rejected it (friend-events topic, keyed by {@link dev.parley.contracts.Keys#pair}
 * of sender and recipient).
 */
@EventType(name = "friend-request.rejected", version = 1)
public record FriendRequestRejected(UUID requestId, UUID senderId, UUID recipientId, Instant rejectedAt)
        implements FriendEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.rejected(this);
    }
}

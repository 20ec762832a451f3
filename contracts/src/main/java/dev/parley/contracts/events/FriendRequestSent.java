package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/**
 * A user sent another a friend request (friend-events topic, keyed by {@link dev.parley.contracts.Keys#pair} of
 * sender and recipient).
 */
@EventType(name = "friend-request.sent", version = 1)
public record FriendRequestSent(UUID requestId, UUID senderId, UUID recipientId, Instant sentAt)
        implements FriendEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.sent(this);
    }
}

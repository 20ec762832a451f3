package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventType;

/**
 * The recipient of a friend request approved it, or added its sender back, which approves it: the two are now friends
 * (friend-events topic, keyed by {@link dev.parley.contracts.Keys#pair} of sender and recipient).
 */
@EventType(name = "friend-request.approved", version = 1)
public record FriendRequestApproved(UUID requestId, UUID senderId, UUID recipientId, Instant approvedAt)
        implements FriendEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.approved(this);
    }
}

package dev.parley.friend.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.Keys;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestApproved;
import dev.parley.contracts.events.FriendRequestCancelled;
import dev.parley.contracts.events.FriendRequestRejected;
import dev.parley.contracts.events.FriendRequestSent;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * What friend-service tells other services, written to the outbox inside the transaction of the change: the state of
 * each pair on the compacted friendships topic (what chat and presence build their projections from) and what
 * happened on friend-events. Both are keyed by the pair, so the events of one pair stay in order.
 */
@ApplicationScoped
public class GraphAnnouncements {

    private final Outbox outbox;

    GraphAnnouncements(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> requestSent(UUID requestId, UUID sender, UUID recipient, Instant at) {
        return event(sender, recipient, new FriendRequestSent(requestId, sender, recipient, at));
    }

    public Uni<Void> requestCancelled(UUID requestId, UUID sender, UUID recipient, Instant at) {
        return event(sender, recipient, new FriendRequestCancelled(requestId, sender, recipient, at));
    }

    public Uni<Void> requestRejected(UUID requestId, UUID sender, UUID recipient, Instant at) {
        return event(sender, recipient, new FriendRequestRejected(requestId, sender, recipient, at));
    }

    /** The request was approved, so the two are now friends. */
    public Uni<Void> requestApproved(UUID requestId, UUID sender, UUID recipient, Instant at) {
        return event(sender, recipient, new FriendRequestApproved(requestId, sender, recipient, at))
                .chain(() -> pairState(sender, recipient, true, at));
    }

    /** {@code user} ended the friendship with {@code friend}, by removing them or by deleting their account. */
    public Uni<Void> friendshipEnded(UUID user, UUID friend, boolean accountDeleted, Instant at) {
        return event(user, friend, new FriendRemoved(user, friend, accountDeleted, at))
                .chain(() -> pairState(user, friend, false, at));
    }

    private Uni<Void> pairState(UUID a, UUID b, boolean friends, Instant at) {
        // FriendshipState names the pair in the order of its key.
        boolean inOrder = a.compareTo(b) <= 0;
        FriendshipState state = new FriendshipState(inOrder ? a : b, inOrder ? b : a, friends, at);
        return outbox.publish(Topics.FRIENDSHIPS, Keys.pair(a, b), state).replaceWithVoid();
    }

    private Uni<Void> event(UUID a, UUID b, EventPayload payload) {
        return outbox.publish(Topics.FRIEND_EVENTS, Keys.pair(a, b), payload).replaceWithVoid();
    }
}

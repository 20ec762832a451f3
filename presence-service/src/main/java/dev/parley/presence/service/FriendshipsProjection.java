package dev.parley.presence.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.contracts.events.FriendshipState;
import dev.parley.presence.repository.FriendLinkRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Who is friends with whom, from the compacted friendships topic: only friends may see each other's presence.
 * Applying a state twice, or replaying the topic from its start, leaves the same links.
 */
@ApplicationScoped
public class FriendshipsProjection {

    private final FriendLinkRepository links;

    FriendshipsProjection(FriendLinkRepository links) {
        this.links = links;
    }

    @WithTransaction
    public Uni<Void> apply(FriendshipState state) {
        return state.friends()
                ? links.link(state.userA(), state.userB(), state.changedAt())
                : links.unlink(state.userA(), state.userB()).replaceWithVoid();
    }

    /** The pair's record was removed from the topic: they are not friends. */
    @WithTransaction
    public Uni<Void> remove(UUID a, UUID b) {
        return links.unlink(a, b).replaceWithVoid();
    }
}

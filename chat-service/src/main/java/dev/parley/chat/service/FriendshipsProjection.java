package dev.parley.chat.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.contracts.events.FriendshipState;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Chat-service's own copy of who is friends with whom, kept from the compacted friendships topic; an ended friendship
 * stops new messages both ways (the send path checks it). Applying a state twice is harmless: a newer one wins.
 */
@ApplicationScoped
public class FriendshipsProjection {

    private final FriendshipRepository friendships;

    FriendshipsProjection(FriendshipRepository friendships) {
        this.friendships = friendships;
    }

    @WithTransaction
    public Uni<Void> apply(FriendshipState state) {
        return friendships.apply(state);
    }
}

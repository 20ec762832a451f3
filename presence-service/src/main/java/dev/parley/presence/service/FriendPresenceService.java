package dev.parley.presence.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.presence.repository.FriendLinkRepository;
import dev.parley.presence.repository.FriendPresence;
import io.smallrye.mutiny.Uni;

/** What a user may know about others' presence: their friends', and nobody else's. */
@ApplicationScoped
public class FriendPresenceService {

    private final FriendLinkRepository links;

    FriendPresenceService(FriendLinkRepository links) {
        this.links = links;
    }

    public Uni<List<FriendPresence>> friendsOf(UUID userId) {
        return links.friendsOf(userId);
    }

    /** A friend's presence; anyone else, existing or not, is not found, so asking tells nothing about them. */
    public Uni<FriendPresence> friendOf(UUID userId, UUID otherId) {
        return links.friendOf(userId, otherId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Not found."));
    }
}

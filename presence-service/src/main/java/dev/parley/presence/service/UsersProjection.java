package dev.parley.presence.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.contracts.events.UserSnapshot;
import dev.parley.presence.repository.ChatConnectionRepository;
import dev.parley.presence.repository.FriendLinkRepository;
import dev.parley.presence.repository.KnownUserRepository;
import dev.parley.presence.repository.UserPresenceRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Usernames from the compacted users topic, and the end of everything kept about a user whose account is deleted. */
@ApplicationScoped
public class UsersProjection {

    private static final Logger LOG = Logger.getLogger(UsersProjection.class);

    private final KnownUserRepository users;
    private final UserPresenceRepository presences;
    private final ChatConnectionRepository connections;
    private final FriendLinkRepository links;

    UsersProjection(KnownUserRepository users, UserPresenceRepository presences, ChatConnectionRepository connections,
            FriendLinkRepository links) {
        this.users = users;
        this.presences = presences;
        this.connections = connections;
        this.links = links;
    }

    @WithTransaction
    public Uni<Void> apply(UserSnapshot snapshot) {
        return users.name(snapshot.userId(), snapshot.username());
    }

    /**
     * The account is deleted: its presence, last seen, connections, friendships and name go. Nothing is announced;
     * friend-service ends the friendships, which is what takes the user off their friends' lists.
     */
    @WithTransaction
    public Uni<Void> remove(UUID userId) {
        // The user's lock first, so that no connection event of theirs decides anything meanwhile.
        return presences.lockExisting(List.of(userId))
                .chain(locked -> presences.delete("userId", userId))
                .chain(() -> connections.deleteAllOf(userId))
                .chain(() -> links.deleteAllOf(userId))
                .chain(() -> users.deleteById(userId))
                .invoke(() -> LOG.infof("Dropped the presence data of deleted user %s", userId))
                .replaceWithVoid();
    }
}

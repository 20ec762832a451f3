package dev.parley.presence.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.FriendLink;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class FriendLinkRepository implements PanacheRepositoryBase<FriendLink, FriendLink.Key> {

    private static final String FRIEND_PRESENCE = "select new dev.parley.presence.repository.FriendPresence("
            + " f.friendId, u.username, coalesce(p.online, false), p.lastSeen)"
            + " from FriendLink f left join KnownUser u on u.id = f.friendId"
            + " left join UserPresence p on p.userId = f.friendId";

    /** Within a transaction: makes the two friends of each other; linking them again changes nothing. */
    public Uni<Void> link(UUID a, UUID b, Instant since) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into friend_link (user_id, friend_id, since)"
                        + " values (:a, :b, :since), (:b, :a, :since) on conflict do nothing")
                        .setParameter("a", a)
                        .setParameter("b", b)
                        .setParameter("since", since)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Long> unlink(UUID a, UUID b) {
        return delete("(userId = ?1 and friendId = ?2) or (userId = ?2 and friendId = ?1)", a, b);
    }

    public Uni<Long> deleteAllOf(UUID userId) {
        return delete("userId = ?1 or friendId = ?1", userId);
    }

    @WithSession
    public Uni<List<FriendPresence>> friendsOf(UUID userId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(FRIEND_PRESENCE
                        + " where f.userId = :user order by lower(u.username), f.friendId", FriendPresence.class)
                        .setParameter("user", userId)
                        .getResultList());
    }

    /** The friend's presence, or null when {@code friendId} is not a friend of the user. */
    @WithSession
    public Uni<FriendPresence> friendOf(UUID userId, UUID friendId) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(FRIEND_PRESENCE
                        + " where f.userId = :user and f.friendId = :friend", FriendPresence.class)
                        .setParameter("user", userId)
                        .setParameter("friend", friendId)
                        .getSingleResultOrNull());
    }
}

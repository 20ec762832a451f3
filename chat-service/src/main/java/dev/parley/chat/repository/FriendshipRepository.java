package dev.parley.chat.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.Friendship;
import dev.parley.contracts.events.FriendshipState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class FriendshipRepository implements PanacheRepositoryBase<Friendship, Friendship.Pair> {

    /** Stores the pair's state unless a newer one is already stored. */
    public Uni<Void> apply(FriendshipState state) {
        UUID a = first(state.userA(), state.userB());
        UUID b = second(state.userA(), state.userB());
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into friendship (user_a, user_b, friends, changed_at) values (:a, :b, :friends, :changedAt)
                on conflict (user_a, user_b) do update set friends = excluded.friends, changed_at = excluded.changed_at
                where friendship.changed_at <= excluded.changed_at""")
                .setParameter("a", a)
                .setParameter("b", b)
                .setParameter("friends", state.friends())
                .setParameter("changedAt", state.changedAt())
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Boolean> areFriends(UUID one, UUID other) {
        return findById(new Friendship.Pair(first(one, other), second(one, other)))
                .map(pair -> pair != null && pair.friends);
    }

    /** The user's friends; in a session of its own unless called within one. */
    @WithSession
    public Uni<List<UUID>> friendsOf(UUID userId) {
        return find("friends = true and (userA = ?1 or userB = ?1)", userId).list()
                .map(pairs -> pairs.stream().map(pair -> pair.userA.equals(userId) ? pair.userB : pair.userA).toList());
    }

    public Uni<Long> deleteAllOf(UUID userId) {
        return delete("userA = ?1 or userB = ?1", userId);
    }

    /** The id that sorts first, as the table and the friendships topic order a pair. */
    public static UUID first(UUID one, UUID other) {
        return one.compareTo(other) <= 0 ? one : other;
    }

    public static UUID second(UUID one, UUID other) {
        return one.compareTo(other) <= 0 ? other : one;
    }
}

package dev.parley.friend.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.friend.Friendship;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Friendships, one row per member, found through blind indexes. */
@ApplicationScoped
public class FriendshipRepository implements PanacheRepositoryBase<Friendship, UUID> {

    public Uni<List<Friendship>> listOf(byte[] memberIndex) {
        return list("memberIndex", memberIndex);
    }

    public Uni<Boolean> exists(byte[] pairIndex) {
        return count("pairIndex", pairIndex).map(rows -> rows > 0);
    }

    /** Ends a friendship (both members' rows); returns whether there was one. */
    public Uni<Boolean> deleteBetween(byte[] pairIndex) {
        return delete("pairIndex", pairIndex).map(rows -> rows > 0);
    }
}

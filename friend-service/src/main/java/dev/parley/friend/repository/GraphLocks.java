package dev.parley.friend.repository;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.friend.crypto.BlindIndexes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks that serialize changes to the social graph, held until the transaction ends.
 * <p>
 * Every change to a pair of users takes a shared lock on each of the two users, then an exclusive lock on the pair:
 * two people adding or approving each other at the same moment take turns, so the second sees what the first did.
 * Deleting a user takes that user's lock exclusively, so it waits for changes in flight and no change can then
 * link a user whose rows are being removed. Locks are taken users first, then pairs, each in ascending key order,
 * so two transactions never wait for each other in a cycle.
 * <p>
 * Lock keys come from the blind indexes, so even the lock table names no one.
 */
@ApplicationScoped
public class GraphLocks {

    private final BlindIndexes indexes;

    GraphLocks(BlindIndexes indexes) {
        this.indexes = indexes;
    }

    /** Within a transaction: locks the pairs of {@code user} with each of {@code others}. */
    public Uni<Void> lockPairs(UUID user, Collection<UUID> others) {
        List<Long> userKeys = Stream.concat(Stream.of(user), others.stream()).map(this::userKey).distinct().sorted()
                .toList();
        List<Long> pairKeys = others.stream().map(other -> key(indexes.pair(user, other))).distinct().sorted().toList();
        return lockAll("pg_advisory_xact_lock_shared", userKeys)
                .chain(() -> lockAll("pg_advisory_xact_lock", pairKeys));
    }

    /** Within a transaction: waits for every change involving the user to finish, and holds off new ones. */
    public Uni<Void> lockUser(UUID user) {
        return lock("pg_advisory_xact_lock", userKey(user));
    }

    private long userKey(UUID user) {
        return key(indexes.member(user));
    }

    private static long key(byte[] index) {
        return ByteBuffer.wrap(index).getLong();
    }

    private static Uni<Void> lockAll(String function, List<Long> keys) {
        Uni<Void> locked = Uni.createFrom().voidItem();
        for (long key : keys) {
            locked = locked.chain(() -> lock(function, key));
        }
        return locked;
    }

    private static Uni<Void> lock(String function, long key) {
        // The lock functions return void, which a result set cannot carry: select from them instead.
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select 1 from " + function + "(:key)", Integer.class)
                        .setParameter("key", key)
                        .getSingleResult())
                .replaceWithVoid();
    }
}

package dev.parley.auth.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Devices that have signed in to an account (table known_device), by the hash of the token they hold. */
@ApplicationScoped
public class KnownDeviceRepository {

    /** Whether the token hash belongs to this account. */
    public Uni<Boolean> belongsTo(byte[] tokenHash, UUID accountId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select count(*) from known_device where token_hash = :hash and account_id = :account",
                        Long.class)
                .setParameter("hash", tokenHash)
                .setParameter("account", accountId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /** Forgets devices that have not logged in since the cutoff. */
    public Uni<Integer> forgetUnusedSince(Instant cutoff) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from known_device where last_used_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate());
    }

    /** Records a device's token (or that it was used again), keeping only the account's most recent devices. */
    public Uni<Void> remember(byte[] tokenHash, UUID accountId, Instant now, int keep) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into known_device (token_hash, account_id, created_at, last_used_at)
                values (:hash, :account, :now, :now)
                on conflict (token_hash) do update set last_used_at = :now""")
                .setParameter("hash", tokenHash)
                .setParameter("account", accountId)
                .setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                        delete from known_device where account_id = :account and token_hash not in (
                          select token_hash from known_device where account_id = :account
                          order by last_used_at desc limit :keep)""")
                        .setParameter("account", accountId)
                        .setParameter("keep", keep)
                        .executeUpdate()))
                .replaceWithVoid();
    }
}

package dev.parley.auth.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The last versions of each account's key vault (table vault_version), the current one included. */
@ApplicationScoped
public class VaultHistoryRepository {

    /** One kept version; {@code vault} is null in listings. */
    public record KeptVault(long version, byte[] vault, Instant createdAt) {
    }

    /** Within a transaction: records a new version and forgets all but the newest {@code keep}. */
    public Uni<Void> record(UUID accountId, long version, byte[] vault, Instant now, int keep) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into vault_version (account_id, version, vault, created_at) values (:account, :version, :vault, :now)
                on conflict (account_id, version) do update set vault = excluded.vault, created_at = excluded.created_at""")
                .setParameter("account", accountId)
                .setParameter("version", version)
                .setParameter("vault", vault)
                .setParameter("now", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(
                        "delete from vault_version where account_id = :account and version <= :oldest")
                        .setParameter("account", accountId)
                        .setParameter("oldest", version - keep)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** The kept versions, newest first, without their content. */
    public Uni<List<KeptVault>> list(UUID accountId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select version, created_at from vault_version where account_id = :account"
                        + " order by version desc", Object[].class)
                .setParameter("account", accountId)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new KeptVault(((Number) row[0]).longValue(), null, instant(row[1])))
                        .toList());
    }

    /** One kept version with its sealed content, or null when it is not kept. */
    public Uni<KeptVault> find(UUID accountId, long version) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select version, vault, created_at from vault_version where account_id = :account"
                        + " and version = :version", Object[].class)
                .setParameter("account", accountId)
                .setParameter("version", version)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null
                        : new KeptVault(((Number) rows.get(0)[0]).longValue(), (byte[]) rows.get(0)[1], instant(rows.get(0)[2])));
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}

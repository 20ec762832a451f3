package dev.parley.friend.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.friend.DeletedUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeletedUserRepository implements PanacheRepositoryBase<DeletedUser, UUID> {

    /** Within a transaction: remembers the deletion; a tombstone read again changes nothing. */
    public Uni<Void> record(UUID userId, Instant at) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                        "insert into deleted_user (id, deleted_at) values (:id, :at) on conflict (id) do nothing")
                        .setParameter("id", userId)
                        .setParameter("at", at)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Boolean> isDeleted(UUID userId) {
        return count("id", userId).map(count -> count > 0);
    }
}

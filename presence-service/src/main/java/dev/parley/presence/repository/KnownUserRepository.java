package dev.parley.presence.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.KnownUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, UUID> {

    /** Within a transaction: records the user's name, or replaces the one recorded. */
    public Uni<Void> name(UUID userId, String username) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into known_user (id, username)"
                        + " values (:id, :username) on conflict (id) do update set username = excluded.username")
                        .setParameter("id", userId)
                        .setParameter("username", username)
                        .executeUpdate())
                .replaceWithVoid();
    }
}

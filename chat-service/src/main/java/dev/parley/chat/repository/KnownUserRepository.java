package dev.parley.chat.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.KnownUser;
import dev.parley.contracts.events.UserSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, UUID> {

    /** The known users among these ids (an id not yet in the projection has none). */
    public Uni<List<KnownUser>> findByIds(Collection<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** Stores the snapshot unless a newer one is already stored (a replayed topic must not roll a user back). */
    public Uni<Void> apply(UserSnapshot snapshot) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into known_user (id, username, public_key, updated_at) values (:id, :username, :publicKey, :updatedAt)
                on conflict (id) do update set username = excluded.username, public_key = excluded.public_key,
                    updated_at = excluded.updated_at
                where known_user.updated_at <= excluded.updated_at""")
                .setParameter("id", snapshot.userId())
                .setParameter("username", snapshot.username())
                .setParameter("publicKey", snapshot.publicKey())
                .setParameter("updatedAt", snapshot.updatedAt())
                .executeUpdate())
                .replaceWithVoid();
    }
}

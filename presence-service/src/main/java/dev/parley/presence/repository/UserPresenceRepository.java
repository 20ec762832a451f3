package dev.parley.presence.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.UserPresence;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Users' announced presence. Every change of a user's presence is decided while holding their row's lock, so two
 * connection events of one user, or an event and a recount after an instance died, never decide at the same time.
 */
@ApplicationScoped
public class UserPresenceRepository implements PanacheRepositoryBase<UserPresence, UUID> {

    /**
     * Within a transaction: the presence of each of the users, locked until commit; users seen for the first time
     * are offline. Locks are taken in id order, so two transactions locking overlapping sets never wait for each
     * other in a cycle.
     */
    public Uni<List<UserPresence>> lockAll(List<UUID> userIds) {
        // Two transactions may meet a new user at once: the second waits for the first and inserts nothing.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into user_presence (user_id, online)"
                        + " select id, false from unnest(cast(:users as uuid[])) as id order by id"
                        + " on conflict do nothing")
                        .setParameter("users", userIds.toArray(UUID[]::new))
                        .executeUpdate())
                .chain(() -> lockExisting(userIds));
    }

    /** Within a transaction: the presence of those of the users who have one, locked until commit in id order. */
    public Uni<List<UserPresence>> lockExisting(List<UUID> userIds) {
        // An array parameter keeps one statement for any number of users, where a list would make a new one per size.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select * from user_presence"
                        + " where user_id = any(cast(:users as uuid[])) order by user_id for update",
                        UserPresence.class)
                        .setParameter("users", userIds.toArray(UUID[]::new))
                        .getResultList());
    }
}

package dev.parley.presence.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.ChatConnection;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ChatConnectionRepository implements PanacheRepositoryBase<ChatConnection, ChatConnection.Key> {

    /** Within a transaction: records an open connection; recording it twice keeps one. */
    public Uni<Void> add(String instanceId, String connectionId, UUID userId, Instant openedAt) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into chat_connection"
                        + " (instance_id, connection_id, user_id, opened_at)"
                        + " values (:instance, :connection, :user, :openedAt) on conflict do nothing")
                        .setParameter("instance", instanceId)
                        .setParameter("connection", connectionId)
                        .setParameter("user", userId)
                        .setParameter("openedAt", openedAt)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Long> remove(String instanceId, String connectionId) {
        return delete("instanceId = ?1 and connectionId = ?2", instanceId, connectionId);
    }

    private static final String CONNECTIVITY = "select new dev.parley.presence.repository.Connectivity("
            + " c.userId, sum(case when i.alive then 1 else 0 end), max(i.aliveAt))"
            + " from ChatConnection c join ChatInstance i on i.instanceId = c.instanceId";

    /** What their connections say about each of the users; users without any connection are absent. */
    public Uni<Map<UUID, Connectivity>> connectivityOf(List<UUID> userIds) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                        CONNECTIVITY + " where c.userId in :users group by c.userId", Connectivity.class)
                        .setParameter("users", userIds)
                        .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(Connectivity::userId, Function.identity())));
    }

    public Uni<Connectivity> connectivityOf(UUID userId) {
        // A query of its own rather than a list of one: Hibernate translates a query with a list parameter anew on
        // every execution, and this one runs for every closed connection.
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                        CONNECTIVITY + " where c.userId = :user group by c.userId", Connectivity.class)
                        .setParameter("user", userId)
                        .getSingleResultOrNull())
                .map(connectivity -> connectivity != null ? connectivity : Connectivity.none(userId));
    }

    /** Up to {@code limit} users holding a connection on the instance, in id order, after {@code after} if given. */
    public Uni<List<UUID>> usersOn(String instanceId, UUID after, int limit) {
        String query = "select distinct c.userId from ChatConnection c where c.instanceId = :instance"
                + (after == null ? "" : " and c.userId > :after") + " order by c.userId";
        return Panache.getSession().chain(session -> {
            var select = session.createSelectionQuery(query, UUID.class).setParameter("instance", instanceId);
            if (after != null) {
                select.setParameter("after", after);
            }
            return select.setMaxResults(limit).getResultList();
        });
    }

    public Uni<Long> deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }
}

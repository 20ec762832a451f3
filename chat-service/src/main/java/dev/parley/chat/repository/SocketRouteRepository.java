package dev.parley.chat.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Records where a socket is open, inside the transaction that announces it to presence (ConnectionEvents), so the
 * route and the announcement commit together.
 */
@ApplicationScoped
public class SocketRouteRepository {

    public Uni<Void> register(String connectionId, UUID userId, int slot, String instanceId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into socket_route (connection_id, user_id, slot, instance_id)
                values (:connectionId, :userId, :slot, :instanceId) on conflict (connection_id) do nothing""")
                .setParameter("connectionId", connectionId)
                .setParameter("userId", userId)
                .setParameter("slot", slot)
                .setParameter("instanceId", instanceId)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> unregister(String connectionId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from socket_route where connection_id = :connectionId")
                .setParameter("connectionId", connectionId)
                .executeUpdate())
                .replaceWithVoid();
    }
}

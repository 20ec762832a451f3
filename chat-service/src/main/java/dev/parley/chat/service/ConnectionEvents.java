package dev.parley.chat.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.config.Instance;
import dev.parley.chat.delivery.DeliverySlot;
import dev.parley.chat.repository.SocketRouteRepository;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.outbox.Outbox;
import dev.parley.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Records where each socket is open, for live delivery (socket routes), and tells presence-service which sockets
 * this instance holds: opened and closed per device (keyed by user id, so one
 * user's events stay in order) and a heartbeat per instance (keyed by instance id), after which presence counts
 * every socket of an instance that went silent as closed. They go through the outbox, so none is lost; the relay is
 * woken once a connect or disconnect has committed, because friends wait for the presence change it leads to.
 */
@ApplicationScoped
public class ConnectionEvents {

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final SocketRouteRepository routes;
    private final DeliverySlot slot;
    private final Instance instance;
    private final Clock clock;

    ConnectionEvents(Outbox outbox, OutboxRelay relay, SocketRouteRepository routes, DeliverySlot slot,
            Instance instance, Clock clock) {
        this.outbox = outbox;
        this.relay = relay;
        this.routes = routes;
        this.slot = slot;
        this.instance = instance;
        this.clock = clock;
    }

    /** Records the socket's route for live delivery and announces it; the socket may say ready once this is done. */
    public Uni<Void> opened(UUID userId, String deviceId, String connectionId) {
        // Programmatic rather than @WithTransaction: the relay is woken after the commit, outside the transaction.
        return Panache.withTransaction(() -> routes.register(connectionId, userId, slot.slot(), instance.id())
                .chain(() -> outbox.publish(Topics.CONNECTIONS, userId.toString(),
                        new ConnectionOpened(userId, deviceId, instance.id(), connectionId, clock.instant()))))
                .invoke(relay::wake).replaceWithVoid();
    }

    /** Forgets the socket's route and announces its end; the relay is woken after the commit, as on opening. */
    public Uni<Void> closed(UUID userId, String deviceId, String connectionId) {
        return Panache.withTransaction(() -> routes.unregister(connectionId)
                .chain(() -> outbox.publish(Topics.CONNECTIONS, userId.toString(),
                        new ConnectionClosed(userId, deviceId, instance.id(), connectionId, clock.instant()))))
                .invoke(relay::wake).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> heartbeat(int openConnections) {
        return outbox.publish(Topics.CONNECTIONS, instance.id(),
                new InstanceHeartbeat(instance.id(), openConnections, clock.instant())).replaceWithVoid();
    }
}

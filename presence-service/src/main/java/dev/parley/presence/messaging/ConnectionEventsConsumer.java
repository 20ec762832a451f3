package dev.parley.presence.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionEvent;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.outbox.EventReader;
import dev.parley.outbox.UntilDone;
import dev.parley.presence.service.ConnectionChange;
import dev.parley.presence.service.PresenceService;
import io.smallrye.mutiny.Uni;

/**
 * Connection events from the connections topic, consumed by presence-service's consumer group. They are keyed by
 * user id, so each user's events reach one presence instance, in order. Each poll's events are applied in one
 * transaction, tried again until it commits, and offsets are committed only after it has; an event read again after
 * a crash or a partition move is recognised by its id and skipped ({@link PresenceService#apply}). Heartbeats on the
 * same topic are left to {@link HeartbeatsConsumer}.
 */
@ApplicationScoped
public class ConnectionEventsConsumer {

    private static final EventReader<ConnectionEvent> CONNECTIONS = EventReader.of(EventTopic.CONNECTIONS);

    private final PresenceService presence;

    ConnectionEventsConsumer(PresenceService presence) {
        this.presence = presence;
    }

    @Incoming("connections")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<ConnectionChange> changes = CONNECTIONS.readAll(records, ConnectionEventsConsumer::changeOf);
        return UntilDone.retried(presence.apply(changes), "Handling records");
    }

    /** The connection change an event announces; null for a heartbeat. */
    private static ConnectionChange changeOf(Event<ConnectionEvent> event) {
        return event.payload().accept(new ConnectionEvent.Visitor<>() {
            @Override
            public ConnectionChange opened(ConnectionOpened opened) {
                Event.requireFilled(opened.userId(), opened.instanceId(), opened.connectionId(), opened.at());
                return new ConnectionChange(event.id(), true, opened.userId(), opened.instanceId(),
                        opened.connectionId(), opened.at());
            }

            @Override
            public ConnectionChange closed(ConnectionClosed closed) {
                Event.requireFilled(closed.userId(), closed.instanceId(), closed.connectionId(), closed.at());
                return new ConnectionChange(event.id(), false, closed.userId(), closed.instanceId(),
                        closed.connectionId(), closed.at());
            }

            @Override
            public ConnectionChange heartbeat(InstanceHeartbeat heartbeat) {
                return null;
            }
        });
    }
}

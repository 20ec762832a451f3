package dev.parley.presence.messaging;

import static dev.parley.presence.messaging.Records.requireFilled;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.presence.service.ConnectionChange;
import dev.parley.presence.service.PresenceService;
import io.smallrye.mutiny.Uni;

/**
 * Connection events from the connections topic, consumed by presence-service's consumer group. They are keyed by
 * user id, so each user's events reach one presence instance, in order. Each poll's events are applied in one
 * transaction, and offsets are committed only after it has committed; an event read again after a crash or a
 * partition move is recognised and skipped. Heartbeats on the same topic are left to {@link HeartbeatsConsumer}.
 */
@ApplicationScoped
public class ConnectionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ConnectionEventsConsumer.class);

    private final PresenceService presence;

    ConnectionEventsConsumer(PresenceService presence) {
        this.presence = presence;
    }

    @Incoming("connections")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<ConnectionChange> changes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            Records.read(record, ConnectionEventsConsumer::changeOf).ifPresent(changes::add);
        }
        return Records.retrying(presence.apply(changes));
    }

    private static ConnectionChange changeOf(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null;
        }
        EventEnvelope event = EventCodec.decode(record.value());
        if (event.is(ConnectionOpened.class)) {
            ConnectionOpened opened = event.data(ConnectionOpened.class);
            requireFilled(opened.userId(), opened.instanceId(), opened.connectionId(), opened.at());
            return new ConnectionChange(event.id(), true, opened.userId(), opened.instanceId(), opened.connectionId(),
                    opened.at());
        }
        if (event.is(ConnectionClosed.class)) {
            ConnectionClosed closed = event.data(ConnectionClosed.class);
            requireFilled(closed.userId(), closed.instanceId(), closed.connectionId(), closed.at());
            return new ConnectionChange(event.id(), false, closed.userId(), closed.instanceId(), closed.connectionId(),
                    closed.at());
        }
        if (!event.is(InstanceHeartbeat.class)) {
            LOG.debugf("Ignoring %s v%d event %s", event.type(), event.version(), event.id());
        }
        return null;
    }
}

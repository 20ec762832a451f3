package dev.parley.presence.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

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
import dev.parley.presence.service.InstanceLiveness;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Chat instances' heartbeats, read from the connections topic by every presence instance on its own (a consumer
 * group per process, from the latest offset, committing nothing). Heartbeats are keyed by instance id; read through
 * the shared group they would wait behind the connection events of their partition and, when a presence instance
 * dies, for the rebalance, and a live chat instance could expire meanwhile. Read here, they only wait for each
 * other.
 */
@ApplicationScoped
public class HeartbeatsConsumer {

    private static final EventReader<ConnectionEvent> CONNECTIONS = EventReader.of(EventTopic.CONNECTIONS);

    /** The heartbeat an event is; null for the connection events, which {@link ConnectionEventsConsumer} applies. */
    private static final ConnectionEvent.Visitor<InstanceHeartbeat> HEARTBEATS = new ConnectionEvent.Visitor<>() {
        @Override
        public InstanceHeartbeat opened(ConnectionOpened opened) {
            return null;
        }

        @Override
        public InstanceHeartbeat closed(ConnectionClosed closed) {
            return null;
        }

        @Override
        public InstanceHeartbeat heartbeat(InstanceHeartbeat heartbeat) {
            Event.requireFilled(heartbeat.instanceId(), heartbeat.at());
            return heartbeat;
        }
    };

    private final InstanceLiveness liveness;

    HeartbeatsConsumer(InstanceLiveness liveness) {
        this.liveness = liveness;
    }

    @Incoming("heartbeats")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecords<String, String> records) {
        // Of each instance's heartbeats in the batch, the latest says all.
        Map<String, InstanceHeartbeat> latest = new LinkedHashMap<>();
        for (InstanceHeartbeat heartbeat : CONNECTIONS.readAll(records, event -> event.payload().accept(HEARTBEATS))) {
            latest.merge(heartbeat.instanceId(), heartbeat, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return UntilDone.retried(Multi.createFrom().iterable(latest.values())
                .onItem().transformToUniAndConcatenate(liveness::heartbeat)
                .collect().last(), "Handling records");
    }
}

package dev.parley.presence.messaging;

import static dev.parley.presence.messaging.Records.requireFilled;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.InstanceHeartbeat;
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

    private final InstanceLiveness liveness;

    HeartbeatsConsumer(InstanceLiveness liveness) {
        this.liveness = liveness;
    }

    @Incoming("heartbeats")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecords<String, String> records) {
        // Of each instance's heartbeats in the batch, the latest says all.
        Map<String, InstanceHeartbeat> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Records.read(record, HeartbeatsConsumer::heartbeatOf).ifPresent(heartbeat -> latest.merge(
                    heartbeat.instanceId(), heartbeat, (a, b) -> b.at().isAfter(a.at()) ? b : a));
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Records.retrying(Multi.createFrom().iterable(latest.values())
                .onItem().transformToUniAndConcatenate(liveness::heartbeat)
                .collect().last());
    }

    private static InstanceHeartbeat heartbeatOf(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null;
        }
        EventEnvelope event = EventCodec.decode(record.value());
        if (!event.is(InstanceHeartbeat.class)) {
            return null;
        }
        InstanceHeartbeat heartbeat = event.data(InstanceHeartbeat.class);
        requireFilled(heartbeat.instanceId(), heartbeat.at());
        return heartbeat;
    }
}

package dev.parley.outbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import io.smallrye.mutiny.Uni;

/** An idempotent consumer of the test topic, counting deliveries so tests can tell a repeat from a first time. */
@ApplicationScoped
public class NotedConsumer {

    final Map<UUID, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<UUID> applied = new CopyOnWriteArrayList<>();

    @Inject
    ProcessedEvents processedEvents;

    @Incoming("outbox-test")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        EventEnvelope event = EventCodec.decode(record.value());
        deliveries.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        return processedEvents.once("noted-consumer", event.id(), () -> {
            ReceivedEvent received = new ReceivedEvent();
            received.eventId = event.id();
            received.recordKey = record.key();
            received.note = event.data(Noted.class).note();
            return received.persist().replaceWithVoid();
        }).invoke(ran -> {
            if (ran) {
                applied.add(event.id());
            }
        }).replaceWithVoid();
    }

    /** The events whose handling committed, in the order it did. */
    List<UUID> applied() {
        return List.copyOf(applied);
    }

    int deliveriesOf(UUID eventId) {
        AtomicInteger count = deliveries.get(eventId);
        return count == null ? 0 : count.get();
    }
}

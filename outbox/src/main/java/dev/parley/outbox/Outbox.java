package dev.parley.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import io.smallrye.mutiny.Uni;

/**
 * Announces state changes. Call it inside the transaction that makes the change: the event row commits or rolls
 * back with it, and the {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRows rows;
    private final Clock clock = Clock.systemUTC();

    Outbox(OutboxRows rows) {
        this.rows = rows;
    }

    /** Writes an event for the topic under the record key; returns the envelope that will be published. */
    public Uni<EventEnvelope> publish(String topic, String key, EventPayload payload) {
        Instant now = clock.instant();
        EventEnvelope envelope = EventEnvelope.of(payload, now);
        return write(topic, key, envelope.id(), EventCodec.encode(envelope), now).replaceWith(envelope);
    }

    /** Writes a tombstone (a null value) for the key of a compacted topic. */
    public Uni<Void> tombstone(String topic, String key) {
        return write(topic, key, UUID.randomUUID(), null, clock.instant());
    }

    private Uni<Void> write(String topic, String key, UUID eventId, String payload, Instant now) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = eventId;
        event.topic = topic;
        event.recordKey = key;
        event.payload = payload;
        event.createdAt = now;
        return rows.append(event);
    }
}

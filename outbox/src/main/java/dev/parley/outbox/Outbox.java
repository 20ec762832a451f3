package dev.parley.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Announces state changes. Call it inside the transaction that makes the change: the event row commits or rolls
 * back with it, and the {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final Clock clock;

    Outbox() {
        this(Clock.systemUTC());
    }

    Outbox(Clock clock) {
        this.clock = clock;
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
        // PostgreSQL delivers the notification when the transaction commits, and not at all when it rolls back: the
        // relay (which listens) publishes right after the commit instead of at its next poll.
        return event.persist()
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("select pg_notify('" + OutboxRelay.NOTIFY_CHANNEL + "', '')")
                        .getSingleResult())
                .replaceWithVoid();
    }
}

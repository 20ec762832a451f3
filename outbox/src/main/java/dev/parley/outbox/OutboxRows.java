package dev.parley.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The library's rows and the queries on them: outbox events (table outbox_event), written by services and published by
 * the relay, and the ids of the events each consumer has handled (table processed_event). Each method runs in its
 * caller's transaction, except {@link #unsentBacklog} and {@link #deleteExpired}, which are units of their own.
 */
@ApplicationScoped
class OutboxRows {

    /** Any fixed number: each service has a database of its own, so the lock only meets the same service's relays. */
    private static final long RELAY_LOCK = 0x70_61_72_6c_65_79L;

    /**
     * Adds an event. PostgreSQL delivers the notification when the transaction commits, and not at all when it rolls
     * back: the relay (which listens) publishes right after the commit instead of at its next poll.
     */
    Uni<Void> append(OutboxEvent event) {
        return event.persist()
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("select pg_notify('" + OutboxRelay.NOTIFY_CHANNEL + "', '')")
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** Takes the relay's advisory lock until the transaction ends; false when another instance's relay holds it. */
    Uni<Boolean> tryRelayLock() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                        .setParameter("key", RELAY_LOCK)
                        .getSingleResult());
    }

    /** The first {@code limit} events not sent yet, in the order they were written. */
    Uni<List<OutboxEvent>> oldestUnsent(int limit) {
        return OutboxEvent.<OutboxEvent>find("sentAt is null order by id").page(0, limit).list();
    }

    Uni<Void> markSent(List<Long> ids, Instant sentAt) {
        return OutboxEvent.update("sentAt = ?1 where id in ?2", sentAt, ids).replaceWithVoid();
    }

    /** How many events wait for the relay, and the creation of the oldest; one query on the index of unsent rows. */
    @WithSession
    Uni<OutboxBacklog.Snapshot> unsentBacklog() {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                        "select count(*), min(createdAt) from OutboxEvent where sentAt is null", Object[].class)
                        .getSingleResult())
                .map(row -> new OutboxBacklog.Snapshot(((Number) row[0]).longValue(), (Instant) row[1]));
    }

    /** Records that the consumer handled the event; false when it was recorded before. */
    Uni<Boolean> markProcessed(String consumer, UUID eventId) {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("insert into processed_event (consumer, event_id) values (:consumer, :eventId)"
                                + " on conflict do nothing")
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Deletes, in one transaction, the events sent before {@code sentBefore} and the marks older than {@code processedBefore}. */
    @WithTransaction
    Uni<Void> deleteExpired(Instant sentBefore, Instant processedBefore) {
        return OutboxEvent.delete("sentAt < ?1", sentBefore)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("delete from processed_event where processed_at < :before")
                        .setParameter("before", processedBefore)
                        .executeUpdate())
                .replaceWithVoid();
    }
}

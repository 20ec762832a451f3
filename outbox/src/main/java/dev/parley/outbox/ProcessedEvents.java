package dev.parley.outbox;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Makes a consumer idempotent: it remembers, per consumer, the ids of the events it handled, in the same
 * transaction as the handling, so an event delivered twice (a relay re-send, a consumer restart before its offset
 * commit) changes state once.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    OutboxRows rows;

    /**
     * Runs the handler in a transaction, unless this consumer already handled the event.
     *
     * @return true when the handler ran, false when the event was a repeat
     */
    @WithTransaction
    public Uni<Boolean> once(String consumer, UUID eventId, Supplier<Uni<Void>> handler) {
        return markProcessed(consumer, eventId)
                .flatMap(first -> first ? handler.get().replaceWith(true) : Uni.createFrom().item(false));
    }

    /** Within a transaction: records the event as handled; false when it was recorded before. */
    public Uni<Boolean> markProcessed(String consumer, UUID eventId) {
        return rows.markProcessed(consumer, eventId);
    }
}

package dev.parley.outbox;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventCodec.MalformedEventException;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventTopic;
import io.smallrye.mutiny.Uni;

/**
 * The one way a service consumes a topic of events, after Debezium's outbox consumer: the topic's {@code @Incoming}
 * method hands each record to {@link #consume}, which reads it as the topic's typed event ({@link EventReader}: a type
 * of no interest, or a record that cannot be read, is skipped) and gives it to the handler. A tombstone (a null value
 * on a compacted topic) goes to the tombstone handler with its key, or is skipped. The handler, or the tombstone
 * handler, may refuse a record as malformed ({@link Event#requireFilled}, {@link dev.parley.contracts.Keys}): it is
 * logged and skipped. Any other failure (the database is down) is tried again until the handling is applied
 * ({@link UntilDone}), unless the consumer is {@link #notRetried()}. With {@link #once}, an event already handled is
 * recognised by its id and skipped, in the handling's transaction ({@link ProcessedEvents}).
 */
public final class EventConsumer<P extends EventPayload> {

    /** What a consumer does with an event of its topic. */
    @FunctionalInterface
    public interface Handler<P extends EventPayload> {
        Uni<Void> handle(Event<P> event);
    }

    /** What a consumer does when a compacted topic's key is deleted. */
    @FunctionalInterface
    public interface TombstoneHandler {
        Uni<Void> removed(String key);
    }

    private static final TombstoneHandler SKIP_TOMBSTONES = key -> Uni.createFrom().voidItem();

    private final EventReader<P> reader;
    private final Handler<P> handler;
    private final TombstoneHandler tombstones;
    private final boolean retried;

    private EventConsumer(EventReader<P> reader, Handler<P> handler, TombstoneHandler tombstones, boolean retried) {
        this.reader = reader;
        this.handler = handler;
        this.tombstones = tombstones;
        this.retried = retried;
    }

    public static <P extends EventPayload> EventConsumer<P> of(EventTopic<P> topic, Handler<P> handler) {
        return new EventConsumer<>(EventReader.of(topic), handler, SKIP_TOMBSTONES, true);
    }

    /** Hands tombstones to {@code tombstones} instead of skipping them. */
    public EventConsumer<P> onTombstone(TombstoneHandler tombstones) {
        return new EventConsumer<>(reader, handler, tombstones, retried);
    }

    /**
     * Handles each event at most once for {@code consumer}: the handling runs in a transaction that records the
     * event's id, and an id recorded before skips it. Tombstones carry no event id; their handling must be safe to
     * repeat.
     */
    public EventConsumer<P> once(ProcessedEvents processedEvents, String consumer) {
        Handler<P> first = event -> processedEvents.once(consumer, event.id(), () -> handler.handle(event))
                .replaceWithVoid();
        return new EventConsumer<>(reader, first, tombstones, retried);
    }

    /** Passes a failed handling on to the channel's failure strategy instead of trying it again. */
    public EventConsumer<P> notRetried() {
        return new EventConsumer<>(reader, handler, tombstones, false);
    }

    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Uni<Void> handling;
        if (record.value() == null) {
            handling = Uni.createFrom().deferred(() -> tombstones.removed(record.key()));
        } else {
            Optional<Event<P>> event = reader.read(record);
            if (event.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            handling = Uni.createFrom().deferred(() -> handler.handle(event.get()));
        }
        // A malformed record stays malformed however often it is tried.
        handling = handling.onFailure(MalformedEventException.class).recoverWithItem(failure -> {
            EventReader.skipped(record, (MalformedEventException) failure);
            return null;
        });
        return retried ? UntilDone.applying(record, handling) : handling;
    }
}

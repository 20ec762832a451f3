package dev.parley.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventCodec.MalformedEventException;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventTopic;

/**
 * Reads records of a topic as its typed events ({@link EventTopic}). A record of a type the topic's consumers do not
 * read is skipped quietly; one that cannot be read is logged and skipped, since reading it again would not help and
 * it must not stop its partition. {@link EventConsumer} reads each record through it; a consumer of batches uses
 * {@link #readAll} and retries the batch's handling itself ({@link UntilDone#retried}).
 */
public final class EventReader<P extends EventPayload> {

    private static final Logger LOG = Logger.getLogger(EventReader.class);

    private final EventTopic<P> topic;

    private EventReader(EventTopic<P> topic) {
        this.topic = topic;
    }

    public static <P extends EventPayload> EventReader<P> of(EventTopic<P> topic) {
        return new EventReader<>(topic);
    }

    /** The record's event; empty for a tombstone, an event of another type, and a record that cannot be read. */
    public Optional<Event<P>> read(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            Optional<Event<P>> event = topic.decode(record.value());
            if (event.isEmpty()) {
                LOG.debugf("Skipped an event of a type %s consumers do not read at %s", topic, where(record));
            }
            return event;
        } catch (MalformedEventException e) {
            skipped(record, e);
            return Optional.empty();
        }
    }

    /**
     * What {@code reader} makes of each record's event, in order. The reader returns null for an event of no
     * interest, and may refuse one as malformed ({@link Event#requireFilled}): that record alone is logged and
     * skipped.
     */
    public <T> List<T> readAll(Iterable<ConsumerRecord<String, String>> records, Function<Event<P>, T> reader) {
        List<T> read = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            read(record).ifPresent(event -> {
                try {
                    T item = reader.apply(event);
                    if (item != null) {
                        read.add(item);
                    }
                } catch (MalformedEventException e) {
                    skipped(record, e);
                }
            });
        }
        return read;
    }

    static void skipped(ConsumerRecord<?, ?> record, MalformedEventException e) {
        LOG.warnf("Skipped an unreadable record at %s: %s", where(record), e.getMessage());
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

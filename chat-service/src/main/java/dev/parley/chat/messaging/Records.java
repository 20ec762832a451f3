package dev.parley.chat.messaging;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;

/** Reads event payloads from records, skipping (with a log line) what is malformed or of another type. */
final class Records {

    private static final Logger LOG = Logger.getLogger(Records.class);

    private Records() {
    }

    static <T extends EventPayload> Optional<T> payload(ConsumerRecord<String, String> record, Class<T> type) {
        return event(record).flatMap(event -> {
            if (!event.is(type)) {
                LOG.debugf("Skipped a %s event on %s", event.type(), record.topic());
                return Optional.empty();
            }
            return data(record, event, type);
        });
    }

    /** The record's event, of whatever type; empty (and logged) when the record is not an event. */
    static Optional<EventEnvelope> event(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(EventCodec.decode(record.value()));
        } catch (EventCodec.MalformedEventException e) {
            return skipped(record, e);
        }
    }

    /** The event's payload as the type it says it is; empty (and logged) when the payload is not of that shape. */
    static <T extends EventPayload> Optional<T> data(ConsumerRecord<String, String> record, EventEnvelope event,
            Class<T> type) {
        try {
            return Optional.of(event.data(type));
        } catch (EventCodec.MalformedEventException e) {
            return skipped(record, e);
        }
    }

    private static <T> Optional<T> skipped(ConsumerRecord<String, String> record, RuntimeException e) {
        LOG.warnf("Skipped a malformed record on %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
        return Optional.empty();
    }
}

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
        try {
            EventEnvelope event = EventCodec.decode(record.value());
            if (event.is(type)) {
                return Optional.of(event.data(type));
            }
            LOG.debugf("Skipped a %s event on %s", event.type(), record.topic());
        } catch (EventCodec.MalformedEventException e) {
            LOG.warnf("Skipped a malformed record on %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
        }
        return Optional.empty();
    }
}

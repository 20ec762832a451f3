package dev.parley.presence.messaging;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec.MalformedEventException;
import dev.parley.outbox.UntilDone;
import io.smallrye.mutiny.Uni;

/** How this service's consumers treat the records they read. */
final class Records {

    private static final Logger LOG = Logger.getLogger(Records.class);

    private Records() {
    }

    /** Handles one record: {@link #read} it, then run what it calls for {@link #retrying}. */
    static Uni<Void> handle(ConsumerRecord<String, String> record, Supplier<Uni<Void>> handler) {
        return read(record, ignored -> handler.get()).map(Records::retrying)
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /**
     * What the reader makes of the record; empty when the reader returns null (a record of no interest) or the record
     * cannot be read, which is logged: reading it again would not help.
     */
    static <T> Optional<T> read(ConsumerRecord<String, String> record,
            Function<ConsumerRecord<String, String>, T> reader) {
        try {
            return Optional.ofNullable(reader.apply(record));
        } catch (MalformedEventException e) {
            LOG.warnf("Skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Tries the handling again until it succeeds: see {@link UntilDone}. */
    static Uni<Void> retrying(Uni<Void> handling) {
        return UntilDone.retried(handling, "Handling records");
    }

    static void requireFilled(Object... fields) {
        if (Stream.of(fields).anyMatch(Objects::isNull)) {
            throw new MalformedEventException("a required field is missing");
        }
    }

    static UUID uuid(String value) {
        try {
            return UUID.fromString(Objects.requireNonNull(value, "no key"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not a user id: " + e.getMessage());
        }
    }
}

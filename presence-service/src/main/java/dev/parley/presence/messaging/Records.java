package dev.parley.presence.messaging;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec.MalformedEventException;
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

    /**
     * Tries the handling again until it succeeds, after growing pauses (100 ms doubling to 5 s), logging each failure.
     * A deadlock victim or a dropped connection passes at the next try; a database outage is waited out with the
     * partition held (readiness says the database is down meanwhile), and the consumer carries on by itself when it
     * is back. Failing the channel instead would stop the consumer until the process is restarted.
     */
    static Uni<Void> retrying(Uni<Void> handling) {
        return handling.onFailure().invoke(failure -> LOG.warnf("Handling records failed, trying again: %s",
                failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
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

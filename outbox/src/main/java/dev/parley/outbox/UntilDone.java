package dev.parley.outbox;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * How a consumer keeps a projection going through a database outage: the handling of a record is tried again, after
 * pauses growing from 100 ms to 5 s and with each failure logged, until it commits. The record's partition waits
 * meanwhile, so order is kept, and the consumer carries on by itself once the database is back (readiness says it is
 * down in the meantime). Failing the channel instead would stop the consumer until the process is restarted.
 * <p>
 * A channel whose records may wait longer than SmallRye's 60 s for an unacknowledged record needs
 * {@code mp.messaging.incoming.<channel>.throttled.unprocessed-record-max-age.ms=0}. Handling must be safe to repeat
 * (newer state wins, or {@link ProcessedEvents#once}). Once the application is stopping ({@link Stopping}) it is no
 * longer tried.
 */
public final class UntilDone {

    private static final Logger LOG = Logger.getLogger(UntilDone.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private UntilDone() {
    }

    /** Retries the applying of {@code record} until it succeeds. */
    public static Uni<Void> applying(ConsumerRecord<?, ?> record, Uni<Void> applying) {
        return retried(applying, "Applying %s-%d@%d".formatted(record.topic(), record.partition(), record.offset()));
    }

    /**
     * Retries {@code handling}, described as {@code what} in the log, until it succeeds, or until the application is
     * stopping: then it never ends, so the record stays unacknowledged and its offset uncommitted (acknowledging it
     * would skip it), and nothing is logged about pools that are closing on purpose.
     */
    public static Uni<Void> retried(Uni<Void> handling, String what) {
        return handling
                .onFailure(failure -> !Stopping.now())
                .invoke(failure -> LOG.warnf("%s failed, trying again: %s", what, failure.getMessage()))
                .onFailure(failure -> !Stopping.now()).retry().withBackOff(FIRST_PAUSE, LONGEST_PAUSE).indefinitely()
                .onFailure().recoverWithUni(Uni.createFrom().nothing());
    }
}

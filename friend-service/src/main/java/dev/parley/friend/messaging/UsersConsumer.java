package dev.parley.friend.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.friend.service.UsersProjection;
import dev.parley.outbox.UntilDone;
import io.smallrye.mutiny.Uni;

/**
 * Feeds the users topic into the {@link UsersProjection}: a snapshot records a user, a tombstone (null value) deletes
 * them. A record that is not a user event is logged and skipped, so it cannot stop the projection; one that cannot be
 * applied (the database is down) is tried again until it is ({@link UntilDone}), so the projection carries on by
 * itself once the database is back.
 */
@ApplicationScoped
public class UsersConsumer {

    private static final Logger LOG = Logger.getLogger(UsersConsumer.class);

    private final UsersProjection projection;

    UsersConsumer(UsersProjection projection) {
        this.projection = projection;
    }

    @Incoming("users")
    @ActivateRequestContext
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                UUID userId = UUID.fromString(String.valueOf(record.key()));
                return UntilDone.applying(record, projection.remove(userId));
            }
            EventEnvelope envelope = EventCodec.decode(record.value());
            if (!envelope.is(UserSnapshot.class)) {
                LOG.debugf("Skipped a %s v%d event on the users topic", envelope.type(), envelope.version());
                return Uni.createFrom().voidItem();
            }
            UserSnapshot snapshot = envelope.data(UserSnapshot.class);
            if (snapshot.userId() == null || snapshot.username() == null || snapshot.updatedAt() == null) {
                return skipped(record, "a user snapshot without id, username or time");
            }
            return UntilDone.applying(record, projection.apply(envelope.id(), snapshot));
        } catch (IllegalArgumentException | EventCodec.MalformedEventException e) {
            return skipped(record, e.getMessage());
        }
    }

    private static Uni<Void> skipped(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Skipped an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason);
        return Uni.createFrom().voidItem();
    }
}

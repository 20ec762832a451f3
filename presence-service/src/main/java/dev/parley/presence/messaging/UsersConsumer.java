package dev.parley.presence.messaging;

import static dev.parley.presence.messaging.Records.requireFilled;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.presence.service.UserProjection;
import io.smallrye.mutiny.Uni;

/** The compacted users topic (keyed by user id): usernames, and tombstones for deleted accounts. */
@ApplicationScoped
public class UsersConsumer {

    private static final Logger LOG = Logger.getLogger(UsersConsumer.class);

    private final UserProjection users;

    UsersConsumer(UserProjection users) {
        this.users = users;
    }

    @Incoming("users")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Records.handle(record, () -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return users.accountDeleted(Records.uuid(record.key()));
        }
        EventEnvelope event = EventCodec.decode(record.value());
        if (!event.is(UserSnapshot.class)) {
            LOG.debugf("Ignoring %s v%d event %s", event.type(), event.version(), event.id());
            return Uni.createFrom().voidItem();
        }
        UserSnapshot snapshot = event.data(UserSnapshot.class);
        requireFilled(snapshot.userId(), snapshot.username());
        return users.apply(snapshot);
    }
}

package dev.parley.chat.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.chat.service.Encodings;
import dev.parley.chat.service.ProjectionService;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.outbox.UntilDone;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the users and friendships projections from their compacted topics. All instances share one consumer group:
 * the projections live in the shared database, so each record needs applying once. Applying a record twice is
 * harmless (newer state wins), so no event ids are remembered. A record that cannot be applied (the database is
 * down) is tried again until it is ({@link UntilDone}), so the projections carry on by themselves once the database is
 * back.
 */
@ApplicationScoped
public class Projections {

    private static final Logger LOG = Logger.getLogger(Projections.class);

    private final ProjectionService projections;

    Projections(ProjectionService projections) {
        this.projections = projections;
    }

    @Incoming("users")
    @ActivateRequestContext
    public Uni<Void> onUser(ConsumerRecord<String, String> record) {
        UUID userId = Encodings.uuidOrNull(record.key());
        if (userId == null) {
            LOG.warnf("Skipped a users record with key %s", record.key());
            return Uni.createFrom().voidItem();
        }
        if (record.value() == null) {
            return UntilDone.applying(record, projections.userDeleted(userId));
        }
        return Records.payload(record, UserSnapshot.class)
                .map(snapshot -> UntilDone.applying(record, projections.userChanged(snapshot)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    @Incoming("friendships")
    @ActivateRequestContext
    public Uni<Void> onFriendship(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        return Records.payload(record, FriendshipState.class)
                .map(state -> UntilDone.applying(record, projections.friendshipChanged(state)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}

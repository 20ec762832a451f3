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
import io.smallrye.mutiny.Uni;

/**
 * Keeps the users and friendships projections from their compacted topics. All instances share one consumer group:
 * the projections live in the shared database, so each record needs applying once. Applying a record twice is
 * harmless (newer state wins), so no event ids are remembered.
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
            return projections.userDeleted(userId);
        }
        return Records.payload(record, UserSnapshot.class)
                .map(projections::userChanged)
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    @Incoming("friendships")
    @ActivateRequestContext
    public Uni<Void> onFriendship(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        return Records.payload(record, FriendshipState.class)
                .map(projections::friendshipChanged)
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}

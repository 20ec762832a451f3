package dev.parley.chat.messaging;

import java.time.Duration;
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
 * harmless (newer state wins), so no event ids are remembered. A record that cannot be applied (the database is
 * down) is tried again until it is, so the projections carry on by themselves once the database is back.
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
            return untilApplied(record, projections.userDeleted(userId));
        }
        return Records.payload(record, UserSnapshot.class)
                .map(snapshot -> untilApplied(record, projections.userChanged(snapshot)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    @Incoming("friendships")
    @ActivateRequestContext
    public Uni<Void> onFriendship(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        return Records.payload(record, FriendshipState.class)
                .map(state -> untilApplied(record, projections.friendshipChanged(state)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /**
     * Retries the applying after growing pauses (100 ms doubling to 5 s), logging each failure, until it commits: the
     * record's partition waits meanwhile, so order is kept. Failing the channel instead would stop the projection
     * until the process is restarted.
     */
    private static Uni<Void> untilApplied(ConsumerRecord<String, String> record, Uni<Void> applying) {
        return applying.onFailure().invoke(failure -> LOG.warnf("Applying %s-%d@%d failed, trying again: %s",
                record.topic(), record.partition(), record.offset(), failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
    }
}

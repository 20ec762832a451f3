package dev.parley.presence.service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.outbox.OutboxRelay;
import dev.parley.presence.LivenessChange;
import dev.parley.presence.config.PresenceConfig;
import dev.parley.presence.service.PresenceTransitions.Recounted;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns connections into presence. A user is online while at least one of their connections is on a live chat
 * instance. Each change of what the connections say is compared, under the user's lock, with what was last
 * announced, and only a real transition is written to the outbox ({@link PresenceTransitions}, a transaction per
 * call). Once that transaction has committed, the outbox relay is woken rather than left to its next poll: friends
 * are waiting for the change.
 */
@ApplicationScoped
public class PresenceService {

    private static final int CHANGES_PER_ROUND = 10;

    private final PresenceTransitions transitions;
    private final OutboxRelay relay;
    private final PresenceConfig config;
    private final Clock clock;

    PresenceService(PresenceTransitions transitions, OutboxRelay relay, PresenceConfig config, Clock clock) {
        this.transitions = transitions;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    /** Applies connection events in one transaction, in order ({@link PresenceTransitions#apply}). */
    public Uni<Void> apply(List<ConnectionChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transitions.apply(changes, clock.instant())
                .invoke(this::relayIfAnnounced)
                .replaceWithVoid();
    }

    /**
     * Recounts the users of chat instances that died or came back, oldest change first, and returns how many
     * changes were done. Safe to run on several presence instances at once: a recount only announces what differs
     * from what was announced, under each user's lock.
     */
    public Uni<Integer> recountAfterLivenessChanges() {
        return transitions.pendingLivenessChanges(CHANGES_PER_ROUND)
                .chain(changes -> Multi.createFrom().iterable(changes)
                        .onItem().transformToUniAndConcatenate(this::recount)
                        .collect().last()
                        .replaceWith(changes.size()));
    }

    private Uni<Void> recount(LivenessChange change) {
        return recountUsersOn(change.instanceId, null).chain(() -> transitions.recounted(change));
    }

    /**
     * Recounts the users of the instance whose ids come after {@code after}, a batch per transaction, so that no
     * transaction holds the locks of all the users of a large instance at once.
     */
    private Uni<Void> recountUsersOn(String instanceId, UUID after) {
        int batch = config.recountBatchSize();
        return transitions.recountUsersOn(instanceId, after, batch)
                .invoke(recounted -> relayIfAnnounced(recounted.announced()))
                .chain(recounted -> recounted.users().size() < batch ? Uni.createFrom().voidItem()
                        : recountUsersOn(instanceId, recounted.last()));
    }

    /**
     * After the commit of a transaction that announced changes: relays them now instead of at the relay's next poll
     * (up to {@code parley.outbox.poll-interval} later), since friends' screens wait for them.
     */
    private void relayIfAnnounced(boolean announced) {
        if (announced) {
            relay.wake();
        }
    }
}

package dev.parley.presence.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.contracts.Topics;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.outbox.Outbox;
import dev.parley.outbox.OutboxRelay;
import dev.parley.outbox.ProcessedEvents;
import dev.parley.presence.LivenessChange;
import dev.parley.presence.UserPresence;
import dev.parley.presence.config.PresenceConfig;
import dev.parley.presence.repository.ChatConnectionRepository;
import dev.parley.presence.repository.ChatInstanceRepository;
import dev.parley.presence.repository.Connectivity;
import dev.parley.presence.repository.LivenessChangeRepository;
import dev.parley.presence.repository.UserPresenceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns connections into presence. A user is online while at least one of their connections is on a live chat
 * instance. Each change of what the connections say is compared, under the user's lock, with what was last
 * announced, and only a real transition is written to the outbox for the presence-changes topic, in the same
 * transaction as the state that caused it. Once that transaction has committed, the outbox relay is woken rather
 * than left to its next poll: friends are waiting for the change.
 */
@ApplicationScoped
public class PresenceService {

    /** The name under which connection events are remembered as handled. */
    private static final String CONNECTIONS_CONSUMER = "presence-connections";

    private static final Logger LOG = Logger.getLogger(PresenceService.class);
    private static final int CHANGES_PER_ROUND = 10;

    private final UserPresenceRepository presences;
    private final ChatConnectionRepository connections;
    private final ChatInstanceRepository instances;
    private final LivenessChangeRepository livenessChanges;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final PresenceConfig config;
    private final Clock clock;

    PresenceService(UserPresenceRepository presences, ChatConnectionRepository connections,
            ChatInstanceRepository instances, LivenessChangeRepository livenessChanges, ProcessedEvents processedEvents,
            Outbox outbox, OutboxRelay relay, PresenceConfig config, Clock clock) {
        this.presences = presences;
        this.connections = connections;
        this.instances = instances;
        this.livenessChanges = livenessChanges;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies connection events in one transaction, in order. Every user they concern is locked first, in id order
     * (as a recount locks them), so nothing else decides about those users meanwhile and no two transactions wait
     * for each other in a cycle. An event applied before is skipped.
     */
    public Uni<Void> apply(List<ConnectionChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        List<UUID> users = changes.stream().map(ConnectionChange::userId).distinct().sorted().toList();
        return Panache.withTransaction(() -> presences.lockAll(users)
                .chain(locked -> {
                    Map<UUID, UserPresence> byUser = new HashMap<>();
                    locked.forEach(presence -> byUser.put(presence.userId, presence));
                    Map<String, Boolean> heldInstances = new HashMap<>();
                    return Multi.createFrom().iterable(changes)
                            .onItem().transformToUniAndConcatenate(change -> processedEvents
                                    .markProcessed(CONNECTIONS_CONSUMER, change.eventId())
                                    .chain(first -> first
                                            ? apply(change, byUser.get(change.userId()), heldInstances, now)
                                            : Uni.createFrom().item(false)))
                            .collect().asList()
                            .map(announced -> announced.contains(true));
                }))
                .invoke(this::relayIfAnnounced)
                .replaceWithVoid();
    }

    /** Whether the change was a transition, now in the outbox. */
    private Uni<Boolean> apply(ConnectionChange change, UserPresence presence, Map<String, Boolean> heldInstances,
            Instant now) {
        if (presence == null) {
            // The account was deleted between this transaction's first look and its lock: nothing to keep.
            return Uni.createFrom().item(false);
        }
        return change.opened() ? opened(change, presence, heldInstances, now) : closed(change, presence);
    }

    /** A connection opened: the user goes online if it is their first one on a live instance. */
    private Uni<Boolean> opened(ConnectionChange opened, UserPresence presence, Map<String, Boolean> heldInstances,
            Instant now) {
        return instanceAlive(opened, heldInstances, now)
                .chain(instanceAlive -> connections.add(opened.instanceId(), opened.connectionId(), opened.userId(),
                        opened.at())
                        .chain(() -> instanceAlive ? Uni.createFrom().item(true)
                                : connections.connectivityOf(opened.userId()).map(Connectivity::online)))
                .chain(online -> settle(presence, online, opened.at()));
    }

    /** A connection closed: the user goes offline, last seen now, if it was their last one on a live instance. */
    private Uni<Boolean> closed(ConnectionChange closed, UserPresence presence) {
        return connections.remove(closed.instanceId(), closed.connectionId())
                .chain(() -> connections.connectivityOf(closed.userId()))
                .chain(connectivity -> settle(presence, connectivity.online(), closed.at()));
    }

    /** Whether the connection's instance is alive, holding that until commit; asked once per transaction. */
    private Uni<Boolean> instanceAlive(ConnectionChange opened, Map<String, Boolean> heldInstances, Instant now) {
        Boolean held = heldInstances.get(opened.instanceId());
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        // An event older than the TTL says nothing about whether an instance we have never heard of is alive now.
        boolean recent = !opened.at().isBefore(now.minus(config.instanceTtl()));
        return instances.holdForConnection(opened.instanceId(), recent, opened.at(), now)
                .invoke(alive -> heldInstances.put(opened.instanceId(), alive));
    }

    /**
     * Recounts the users of chat instances that died or came back, oldest change first, and returns how many
     * changes were done. Safe to run on several presence instances at once: a recount only announces what differs
     * from what was announced, under each user's lock.
     */
    public Uni<Integer> recountAfterLivenessChanges() {
        return Panache.withSession(() -> livenessChanges.pending(CHANGES_PER_ROUND))
                .chain(changes -> Multi.createFrom().iterable(changes)
                        .onItem().transformToUniAndConcatenate(this::recount)
                        .collect().last()
                        .replaceWith(changes.size()));
    }

    private Uni<Void> recount(LivenessChange change) {
        return recountUsersOn(change.instanceId, null)
                .chain(() -> Panache.withTransaction(() -> livenessChanges.deleteById(change.id)))
                .replaceWithVoid();
    }

    /** A batch of recounted users, and whether any of them changed. */
    private record Recounted(List<UUID> users, boolean announced) {
    }

    /** Recounts the users of the instance whose ids come after {@code after}, a batch per transaction. */
    private Uni<Void> recountUsersOn(String instanceId, UUID after) {
        int batch = config.recountBatchSize();
        return Panache.withTransaction(() -> connections.usersOn(instanceId, after, batch)
                .chain(users -> users.isEmpty() ? Uni.createFrom().item(new Recounted(users, false))
                        : recount(users).map(announced -> new Recounted(users, announced))))
                .invoke(recounted -> relayIfAnnounced(recounted.announced()))
                .chain(recounted -> recounted.users().size() < batch ? Uni.createFrom().voidItem()
                        : recountUsersOn(instanceId, recounted.users().get(recounted.users().size() - 1)));
    }

    /** Whether any of the users changed. */
    private Uni<Boolean> recount(List<UUID> users) {
        return presences.lockExisting(users)
                .chain(locked -> connections.connectivityOf(users).chain(byUser -> settleAll(locked, byUser)));
    }

    private Uni<Boolean> settleAll(List<UserPresence> locked, Map<UUID, Connectivity> byUser) {
        return Multi.createFrom().iterable(locked)
                .onItem().transformToUniAndConcatenate(presence -> {
                    Connectivity connectivity = byUser.getOrDefault(presence.userId,
                            Connectivity.none(presence.userId));
                    Instant seenUntil = connectivity.lastAliveAt() != null ? connectivity.lastAliveAt()
                            : clock.instant();
                    return settle(presence, connectivity.online(), seenUntil);
                })
                .collect().asList()
                .map(announced -> announced.contains(true));
    }

    /**
     * Within a transaction holding the user's lock: announces the user's presence if it differs from what was last
     * announced, and says whether it did. {@code seenUntil} is when they were last connected, should they now be
     * offline.
     */
    private Uni<Boolean> settle(UserPresence presence, boolean online, Instant seenUntil) {
        if (presence.online == online) {
            return Uni.createFrom().item(false);
        }
        presence.online = online;
        // To the microsecond, as PostgreSQL keeps it, so that the announcement and the API say the same.
        Instant lastSeen = seenUntil.truncatedTo(ChronoUnit.MICROS);
        if (!online && (presence.lastSeen == null || lastSeen.isAfter(presence.lastSeen))) {
            presence.lastSeen = lastSeen;
        }
        LOG.debugf("User %s is now %s", presence.userId, online ? "online" : "offline");
        return outbox.publish(Topics.PRESENCE_CHANGES, presence.userId.toString(),
                new PresenceChanged(presence.userId, online, presence.lastSeen, clock.instant())).replaceWith(true);
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

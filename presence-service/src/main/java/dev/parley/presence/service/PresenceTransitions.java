package dev.parley.presence.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.contracts.Topics;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.outbox.Outbox;
import dev.parley.outbox.ProcessedEvents;
import dev.parley.presence.LivenessChange;
import dev.parley.presence.UserPresence;
import dev.parley.presence.config.PresenceConfig;
import dev.parley.presence.repository.ChatConnectionRepository;
import dev.parley.presence.repository.ChatInstanceRepository;
import dev.parley.presence.repository.Connectivity;
import dev.parley.presence.repository.LivenessChangeRepository;
import dev.parley.presence.repository.UserPresenceRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The transactions of {@link PresenceService}, one per call. Each locks the users it decides about, compares what
 * their connections say with what was last announced, and writes only a real transition to the outbox, in the same
 * transaction as the state that caused it. They say whether they announced anything, so that the caller can wake the
 * outbox relay once they have committed.
 */
@ApplicationScoped
public class PresenceTransitions {

    /** The name under which connection events are remembered as handled. */
    private static final String CONNECTIONS_CONSUMER = "presence-connections";

    private static final Logger LOG = Logger.getLogger(PresenceTransitions.class);

    /** A batch of recounted users, in id order, and whether any of them changed. */
    public record Recounted(List<UUID> users, boolean announced) {

        /** The last user of the batch, after whom the next batch starts. */
        UUID last() {
            return users.get(users.size() - 1);
        }
    }

    /**
     * What one transaction of connection events holds: the locked presence of each user it concerns (absent for an
     * account deleted before the lock), and whether each instance it asked about is alive, held until commit.
     */
    private record LockedUsers(Map<UUID, UserPresence> presences, Map<String, Boolean> heldInstances, Instant now) {

        static LockedUsers of(List<UserPresence> locked, Instant now) {
            Map<UUID, UserPresence> byUser = new HashMap<>();
            locked.forEach(presence -> byUser.put(presence.userId, presence));
            return new LockedUsers(byUser, new HashMap<>(), now);
        }
    }

    private final UserPresenceRepository presences;
    private final ChatConnectionRepository connections;
    private final ChatInstanceRepository instances;
    private final LivenessChangeRepository livenessChanges;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final PresenceConfig config;
    private final Clock clock;

    PresenceTransitions(UserPresenceRepository presences, ChatConnectionRepository connections,
            ChatInstanceRepository instances, LivenessChangeRepository livenessChanges, ProcessedEvents processedEvents,
            Outbox outbox, PresenceConfig config, Clock clock) {
        this.presences = presences;
        this.connections = connections;
        this.instances = instances;
        this.livenessChanges = livenessChanges;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies connection events, received at {@code now}, in order; returns whether any was a transition. Every user
     * they concern is locked first, in id order (as a recount locks them), so nothing else decides about those users
     * meanwhile and no two transactions wait for each other in a cycle. An event applied before is skipped.
     */
    @WithTransaction
    public Uni<Boolean> apply(List<ConnectionChange> changes, Instant now) {
        List<UUID> users = changes.stream().map(ConnectionChange::userId).distinct().sorted().toList();
        return presences.lockAll(users)
                .map(locked -> LockedUsers.of(locked, now))
                .chain(locked -> anyAnnounced(changes, change -> applyOnce(change, locked)));
    }

    private Uni<Boolean> applyOnce(ConnectionChange change, LockedUsers locked) {
        return processedEvents.markProcessed(CONNECTIONS_CONSUMER, change.eventId())
                .chain(first -> first ? apply(change, locked) : Uni.createFrom().item(false));
    }

    private Uni<Boolean> apply(ConnectionChange change, LockedUsers locked) {
        UserPresence presence = locked.presences().get(change.userId());
        if (presence == null) {
            // The account was deleted between this transaction's first look and its lock: nothing to keep.
            return Uni.createFrom().item(false);
        }
        return change.opened() ? opened(change, presence, locked) : closed(change, presence);
    }

    /** A connection opened: the user goes online if it is their first one on a live instance. */
    private Uni<Boolean> opened(ConnectionChange opened, UserPresence presence, LockedUsers locked) {
        return instanceAlive(opened, locked)
                .call(() -> connections.add(opened.instanceId(), opened.connectionId(), opened.userId(), opened.at()))
                .chain(instanceAlive -> instanceAlive ? Uni.createFrom().item(true)
                        : connections.connectivityOf(opened.userId()).map(Connectivity::online))
                .chain(online -> settle(presence, online, opened.at()));
    }

    /** A connection closed: the user goes offline, last seen now, if it was their last one on a live instance. */
    private Uni<Boolean> closed(ConnectionChange closed, UserPresence presence) {
        return connections.remove(closed.instanceId(), closed.connectionId())
                .chain(() -> connections.connectivityOf(closed.userId()))
                .chain(connectivity -> settle(presence, connectivity.online(), closed.at()));
    }

    /** Whether the connection's instance is alive, holding that until commit; asked once per transaction. */
    private Uni<Boolean> instanceAlive(ConnectionChange opened, LockedUsers locked) {
        Boolean held = locked.heldInstances().get(opened.instanceId());
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        // An event older than the TTL says nothing about whether an instance we have never heard of is alive now.
        boolean recent = !opened.at().isBefore(locked.now().minus(config.instanceTtl()));
        return instances.holdForConnection(opened.instanceId(), recent, opened.at(), locked.now())
                .invoke(alive -> locked.heldInstances().put(opened.instanceId(), alive));
    }

    /** The oldest changes of chat instances' liveness whose users are still to be recounted. */
    @WithSession
    public Uni<List<LivenessChange>> pendingLivenessChanges(int limit) {
        return livenessChanges.pending(limit);
    }

    /**
     * Recounts up to {@code batch} users of the instance whose ids come after {@code after}, if given, under their
     * locks.
     */
    @WithTransaction
    public Uni<Recounted> recountUsersOn(String instanceId, UUID after, int batch) {
        return connections.usersOn(instanceId, after, batch)
                .chain(users -> users.isEmpty() ? Uni.createFrom().item(new Recounted(users, false))
                        : recount(users).map(announced -> new Recounted(users, announced)));
    }

    /** Forgets a liveness change once all the users of its instance have been recounted. */
    @WithTransaction
    public Uni<Void> recounted(LivenessChange change) {
        return livenessChanges.deleteById(change.id).replaceWithVoid();
    }

    /** Whether any of the users changed. */
    private Uni<Boolean> recount(List<UUID> users) {
        return presences.lockExisting(users)
                .chain(locked -> connections.connectivityOf(users)
                        .chain(byUser -> anyAnnounced(locked, presence -> recount(presence, byUser))));
    }

    private Uni<Boolean> recount(UserPresence presence, Map<UUID, Connectivity> byUser) {
        Connectivity connectivity = byUser.getOrDefault(presence.userId, Connectivity.none(presence.userId));
        Instant seenUntil = connectivity.lastAliveAt() != null ? connectivity.lastAliveAt() : clock.instant();
        return settle(presence, connectivity.online(), seenUntil);
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

    /** Runs the step for each item, one after another, and says whether any of them announced a transition. */
    private static <T> Uni<Boolean> anyAnnounced(List<T> items, Function<T, Uni<Boolean>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(step::apply)
                .collect().asList()
                .map(announced -> announced.contains(true));
    }
}

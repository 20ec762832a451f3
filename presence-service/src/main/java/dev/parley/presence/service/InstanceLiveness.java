package dev.parley.presence.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.presence.config.PresenceConfig;
import dev.parley.presence.repository.ChatInstanceRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Which chat instances are alive. Every presence instance reads every heartbeat, and liveness is kept in the
 * database they share, so whichever presence instance handles a user's connection events knows whether the chat
 * instance holding them is alive.
 */
@ApplicationScoped
public class InstanceLiveness {

    private static final Logger LOG = Logger.getLogger(InstanceLiveness.class);

    private final ChatInstanceRepository instances;
    private final PresenceConfig config;
    private final Clock clock;
    /** Since when (System.nanoTime) this presence instance has been reading heartbeats; null while it is not. */
    private volatile Long listeningSince;

    InstanceLiveness(ChatInstanceRepository instances, PresenceConfig config, Clock clock) {
        this.instances = instances;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Notes that the instance is alive. A dead instance comes back, and the recount of its users is queued. A
     * heartbeat older than the TTL (read very late) says nothing about now and is ignored.
     */
    @WithTransaction
    public Uni<Void> heartbeat(InstanceHeartbeat heartbeat) {
        Instant now = clock.instant();
        if (heartbeat.at().isBefore(now.minus(config.instanceTtl()))) {
            return Uni.createFrom().voidItem();
        }
        return instances.refresh(heartbeat.instanceId(), heartbeat.at(), now)
                .chain(refreshed -> refreshed ? Uni.createFrom().voidItem() : recordOrRevive(heartbeat, now));
    }

    /** The heartbeat of an instance that is new, or dead. */
    private Uni<Void> recordOrRevive(InstanceHeartbeat heartbeat, Instant now) {
        String instanceId = heartbeat.instanceId();
        return instances.recordNew(instanceId, true, heartbeat.at(), now)
                .chain(recorded -> recorded ? Uni.createFrom().item(false)
                        : instances.revive(instanceId, heartbeat.at(), now))
                .invoke(revived -> logRevival(instanceId, revived))
                .replaceWithVoid();
    }

    private static void logRevival(String instanceId, boolean revived) {
        if (revived) {
            LOG.infof("Chat instance %s is heartbeating again: its connections count again", instanceId);
        }
    }

    /** Heartbeats reach this presence instance from now on. */
    public void startedListening() {
        if (listeningSince == null) {
            listeningSince = System.nanoTime();
        }
    }

    public void stoppedListening() {
        listeningSince = null;
    }

    /**
     * Declares dead the instances not heard from within the TTL; returns their ids. Does nothing until this presence
     * instance has been reading heartbeats for a TTL itself: until then, an instance's last heartbeat may be one from
     * before this service (re)started, whatever it has sent since.
     */
    @WithTransaction
    public Uni<List<String>> declareSilentInstancesDead() {
        Long since = listeningSince;
        if (since == null || System.nanoTime() - since < config.instanceTtl().toNanos()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        return instances.markSilentDead(now.minus(config.instanceTtl()), now)
                .invoke(dead -> dead.forEach(instanceId -> LOG.infof(
                        "Chat instance %s sent no heartbeat for %s: its connections count as gone", instanceId,
                        config.instanceTtl())));
    }

    /** Forgets instances dead for longer than the retention, with the connections they held. */
    @WithTransaction
    public Uni<Long> forgetLongDeadInstances() {
        Instant heardBefore = clock.instant().minus(config.deadInstanceRetention());
        return instances.deleteDeadSince(heardBefore)
                .invoke(forgotten -> {
                    if (forgotten > 0) {
                        LOG.infof("Forgot %d chat instances dead for longer than %s", forgotten,
                                config.deadInstanceRetention());
                    }
                });
    }
}

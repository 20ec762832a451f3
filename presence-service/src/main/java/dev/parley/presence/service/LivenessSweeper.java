package dev.parley.presence.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Takes users of silent chat instances offline, and recounts the users of instances that died or came back. Every
 * presence instance sweeps: the database decides, so two sweeps at once still announce each change once.
 */
@ApplicationScoped
public class LivenessSweeper {

    private static final Logger LOG = Logger.getLogger(LivenessSweeper.class);

    private final InstanceLiveness liveness;
    private final PresenceService presence;

    LivenessSweeper(InstanceLiveness liveness, PresenceService presence) {
        this.liveness = liveness;
        this.presence = presence;
    }

    @Scheduled(every = "${parley.presence.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return liveness.declareSilentInstancesDead()
                .chain(presence::recountAfterLivenessChanges)
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Liveness sweep failed, trying again next round: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${parley.presence.purge-interval}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return liveness.forgetLongDeadInstances()
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Purging dead chat instances failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}

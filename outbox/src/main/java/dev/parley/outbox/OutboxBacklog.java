package dev.parley.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * How many outbox events wait for the relay and since when: the two gauges operators alert on when Kafka or the relay
 * is stuck. They come from one query on the outbox's partial index of unsent rows, run every
 * {@code parley.outbox.backlog-interval} (15 s), not at every scrape, so an idle service stays idle. Every instance
 * of a service reports the same database-wide numbers, whichever instance holds the relay. The age is computed at
 * scrape time from the oldest waiting row's creation, so it keeps growing between refreshes while that row waits.
 */
@ApplicationScoped
public class OutboxBacklog {

    static final String PENDING_METER = "parley.outbox.pending.rows";
    static final String OLDEST_AGE_METER = "parley.outbox.oldest.pending.age";

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    /** What the last refresh found: rows waiting, and the creation of the oldest (null when none waits). */
    record Snapshot(long pending, Instant oldest) {

        static final Snapshot EMPTY = new Snapshot(0, null);

        /** Seconds the oldest waiting row has waited at {@code now}; 0 when none waits (or the clocks disagree). */
        double oldestAgeSeconds(Instant now) {
            if (oldest == null || pending == 0) {
                return 0;
            }
            return Math.max(0, Duration.between(oldest, now).toNanos() / 1e9);
        }
    }

    @ConfigProperty(name = "parley.outbox.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "parley.outbox.backlog-interval", defaultValue = "15s")
    Duration interval;

    @Inject
    OutboxRows rows;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    private final Clock clock = Clock.systemUTC();
    private volatile Snapshot last = Snapshot.EMPTY;
    private long timerId = -1;

    @PostConstruct
    void registerMeters() {
        Gauge.builder(PENDING_METER, this, backlog -> backlog.last.pending())
                .description("Outbox events not yet acknowledged by Kafka (refreshed every backlog-interval)")
                .baseUnit("rows")
                .register(metrics);
        Gauge.builder(OLDEST_AGE_METER, this, backlog -> backlog.last.oldestAgeSeconds(backlog.clock.instant()))
                .description("How long the oldest outbox event not yet acknowledged by Kafka has waited; 0 when none")
                .baseUnit("seconds")
                .register(metrics);
    }

    void start(@Observes StartupEvent startup) {
        if (enabled) {
            timerId = vertx.setPeriodic(1, interval.toMillis(), ignored -> refreshOnTimer());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void refreshOnTimer() {
        // Hibernate Reactive needs a duplicated context of its own, flagged safe.
        Context refresh = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        refresh.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            Uni.createFrom().deferred(this::refresh).subscribe().with(
                    snapshot -> {
                    },
                    failure -> LOG.debugf("Outbox backlog not measured: %s", failure.getMessage()));
        });
    }

    /** Reads the backlog now and updates the gauges; the item is what was read. */
    Uni<Snapshot> refresh() {
        return rows.unsentBacklog().invoke(snapshot -> last = snapshot);
    }
}

package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AdvisoryLockRepository;
import dev.parley.auth.repository.KnownDeviceRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Deletes the rows nothing can use any more, which otherwise only grow: refresh tokens expired or revoked longer ago
 * than the retention (every refresh leaves one behind), and known devices unused for over a year.
 * <p>
 * Every instance schedules it; a transaction-scoped advisory lock lets one of them run at a time, so instances
 * never compete for the same rows, and one that finds the lock taken skips the round.
 */
@ApplicationScoped
public class StaleRowsPurge {

    /** What one round removed; {@code ran} is false when another instance held the lock. */
    public record Result(boolean ran, long refreshTokens, int knownDevices) {
    }

    private static final Logger LOG = Logger.getLogger(StaleRowsPurge.class);
    /**
     * The advisory lock a round holds. Any fixed number: auth-service has a database of its own, so only its own
     * instances take it (and an operator holding it pauses the purge).
     */
    public static final long LOCK = 0x61_75_74_68_70_75_72L;

    private final AdvisoryLockRepository locks;
    private final RefreshTokenRepository refreshTokens;
    private final KnownDeviceRepository devices;
    private final AuthConfig config;
    private final Clock clock;

    StaleRowsPurge(AdvisoryLockRepository locks, RefreshTokenRepository refreshTokens, KnownDeviceRepository devices,
            AuthConfig config, Clock clock) {
        this.locks = locks;
        this.refreshTokens = refreshTokens;
        this.devices = devices;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${parley.auth.purge.interval}", delayed = "${parley.auth.purge.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge()
                .invoke(result -> {
                    if (result.refreshTokens() > 0 || result.knownDevices() > 0) {
                        LOG.infof("Purged %d unusable refresh tokens and %d unused known devices", result.refreshTokens(),
                                result.knownDevices());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Stale rows not purged: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One round, in one transaction. */
    public Uni<Result> purge() {
        Instant now = clock.instant();
        Instant tokenCutoff = now.minus(config.purge().tokenRetention());
        Instant deviceCutoff = now.minus(config.purge().knownDeviceRetention());
        // Programmatic rather than @WithTransaction: the scheduled round calls it on this instance, past the interceptor.
        return Panache.withTransaction(() -> locks.tryLockForTransaction(LOCK)
                .chain(locked -> locked ? deleteStaleRows(tokenCutoff, deviceCutoff)
                        : Uni.createFrom().item(new Result(false, 0, 0))));
    }

    private Uni<Result> deleteStaleRows(Instant tokenCutoff, Instant deviceCutoff) {
        return refreshTokens.deleteUnusableBefore(tokenCutoff)
                .chain(tokens -> devices.forgetUnusedSince(deviceCutoff)
                        .map(forgotten -> new Result(true, tokens, forgotten)));
    }
}

package dev.parley.auth.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.ThrottleRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Slows down password guessing without letting anyone lock an account's owner out, following OWASP's advice on
 * blocking brute force (device cookies). State lives in PostgreSQL so every instance sees the same counts; after
 * too many failures within a window a counter is blocked for a time that doubles with every further failure.
 * <ul>
 * <li>A login from a device that has signed in to the account before
 * ({@link dev.parley.auth.repository.KnownDeviceRepository}) counts only against that device: what others do to the
 * username or from the same network never blocks it.</li>
 * <li>Any other login counts against the username from that address, against the address, and against the
 * username from anywhere (a higher limit, so guessing from many addresses is slowed too). An unknown username is
 * counted like a known one, so blocking reveals nothing.</li>
 * <li>Re-entering the password while signed in (password change, vault upload, account deletion) counts against
 * the session, so a stolen access token cannot guess freely and cannot lock the owner out either.</li>
 * </ul>
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Pattern POSSIBLE_USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** One count kept for an attempt, with the limit that blocks it and what the user is told then. */
    record Counter(String key, int limit, String blockedMessage) {
    }

    /** Who is trying a password, as the throttle counts it. */
    public static final class Attempt {
        private final List<Counter> counters;
        private final List<String> clearedOnSuccess;

        private Attempt(List<Counter> counters, List<String> clearedOnSuccess) {
            this.counters = counters;
            this.clearedOnSuccess = clearedOnSuccess;
        }

        List<Counter> counters() {
            return counters;
        }
    }

    private final AuthConfig.Throttle settings;
    private final ThrottleRepository counts;
    private final Clock clock;

    LoginThrottle(AuthConfig config, ThrottleRepository counts, Clock clock) {
        this.settings = config.throttle();
        this.counts = counts;
        this.clock = clock;
    }

    /** A login from a device that holds a valid device token of the account (its hash). */
    public Attempt fromKnownDevice(byte[] deviceTokenHash) {
        String device = "device:" + HexFormat.of().formatHex(deviceTokenHash);
        return new Attempt(List.of(new Counter(device, settings.deviceFailures(),
                "Too many failed attempts on this device. Try again in %d s.")), List.of(device));
    }

    /** A login from anywhere else. */
    public Attempt fromNewDevice(String username, String clientAddress) {
        String account = accountKey(username);
        String pair = "pair:" + clientAddress + ":" + account;
        return new Attempt(List.of(
                new Counter(pair, settings.accountFailures(), "Too many failed attempts for this account. Try again in"
                        + " %d s. Devices that have signed in to it before can still log in."),
                new Counter("address:" + clientAddress, settings.addressFailures(),
                        "Too many failed attempts from your network. Try again in %d s."),
                new Counter(account, settings.accountFailuresFromAnywhere(), "Too many failed attempts for this account."
                        + " Try again in %d s. Devices that have signed in to it before can still log in.")),
                List.of(pair, account));
    }

    /** The password typed again by a signed-in user of this session. */
    public Attempt fromSession(UUID sessionId) {
        String session = "session:" + sessionId;
        return new Attempt(List.of(new Counter(session, settings.accountFailures(),
                "Too many wrong passwords. Try again in %d s.")), List.of(session));
    }

    /** Fails with 429 and a Retry-After when any counter of the attempt is blocked. */
    @WithSession
    public Uni<Void> checkAllowed(Attempt attempt) {
        Instant now = clock.instant();
        List<String> keys = attempt.counters.stream().map(Counter::key).toList();
        return counts.latestBlock(keys, now)
                .chain(block -> block == null ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(blocked(attempt, block, now)));
    }

    /** Counts a failed attempt against every counter of the attempt, one counter after the other. */
    @WithTransaction
    public Uni<Void> recordFailure(Attempt attempt) {
        Instant now = clock.instant();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Counter counter : attempt.counters) {
            all = all.chain(() -> countFailure(counter, now));
        }
        return all;
    }

    /** A success clears the counts that were the user's own (the address keeps its count). */
    @WithTransaction
    public Uni<Void> recordSuccess(Attempt attempt) {
        return counts.clear(attempt.clearedOnSuccess);
    }

    /** Adds the failure to the counter, and blocks it once the failures within the window reach its limit. */
    private Uni<Void> countFailure(Counter counter, Instant now) {
        return counts.countFailure(counter.key(), now, now.minus(settings.window()))
                .chain(failures -> failures < counter.limit() ? Uni.createFrom().voidItem()
                        : counts.block(counter.key(), now.plus(blockFor(failures - counter.limit()))));
    }

    private static ApiException blocked(Attempt attempt, ThrottleRepository.Block block, Instant now) {
        long seconds = Math.max(1, Duration.between(now, block.until()).toSeconds() + 1);
        String message = attempt.counters.stream().filter(counter -> counter.key().equals(block.key()))
                .findFirst().orElseThrow().blockedMessage();
        return ApiException.tooManyRequests(message.formatted(seconds), seconds);
    }

    private Duration blockFor(int failuresOverLimit) {
        Duration block = settings.baseBlock().multipliedBy(1L << Math.min(failuresOverLimit, 20));
        return block.compareTo(settings.maxBlock()) > 0 ? settings.maxBlock() : block;
    }

    /** Names nobody can have (PostgreSQL would refuse a NUL in them) share one key: no account lies behind it. */
    private static String accountKey(String username) {
        if (!POSSIBLE_USERNAME.matcher(username).matches()) {
            return "account:?";
        }
        return "account:" + username.toLowerCase(Locale.ROOT);
    }
}

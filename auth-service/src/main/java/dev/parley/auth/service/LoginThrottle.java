package dev.parley.auth.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.auth.config.AuthConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Slows down password guessing, per account and per client address: after too many failures within a window the
 * key is blocked for a time that doubles with every further failure. State lives in PostgreSQL so every instance
 * sees the same counts. An unknown username is counted like a known one, so blocking reveals nothing.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Pattern POSSIBLE_USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");

    private final AuthConfig.Throttle settings;
    private final Clock clock;

    LoginThrottle(AuthConfig config, Clock clock) {
        this.settings = config.throttle();
        this.clock = clock;
    }

    /** Fails with 429 and a Retry-After when the account or the address is blocked. */
    public Uni<Void> checkAllowed(String username, String clientAddress) {
        Instant now = clock.instant();
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("select max(blocked_until) from login_throttle where throttle_key in (:keys)"
                        + " and blocked_until > :now", Instant.class)
                .setParameter("keys", List.of(accountKey(username), addressKey(clientAddress)))
                .setParameter("now", now)
                .getSingleResultOrNull()))
                .invoke(blockedUntil -> {
                    if (blockedUntil != null) {
                        long seconds = Math.max(1, Duration.between(now, blockedUntil).toSeconds() + 1);
                        throw ApiException.tooManyRequests("Too many failed attempts. Try again in " + seconds + " s.", seconds);
                    }
                })
                .replaceWithVoid();
    }

    /** Counts a failed attempt against both the account and the address. */
    public Uni<Void> recordFailure(String username, String clientAddress) {
        return Panache.withTransaction(() -> count(accountKey(username), settings.accountFailures())
                .chain(() -> count(addressKey(clientAddress), settings.addressFailures())));
    }

    /** A successful login clears the account's count (the address keeps its own). */
    public Uni<Void> recordSuccess(String username) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from login_throttle where throttle_key = :key")
                .setParameter("key", accountKey(username))
                .executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> count(String key, int limit) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(settings.window());
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                insert into login_throttle (throttle_key, failures, window_started) values (:key, 1, :now)
                on conflict (throttle_key) do update set
                  failures = case when login_throttle.window_started < :windowStart then 1
                                  else login_throttle.failures + 1 end,
                  window_started = case when login_throttle.window_started < :windowStart then :now
                                        else login_throttle.window_started end
                returning failures""", Integer.class)
                .setParameter("key", key)
                .setParameter("now", now)
                .setParameter("windowStart", windowStart)
                .getSingleResult()
                .flatMap(failures -> failures < limit ? Uni.createFrom().voidItem()
                        : session.createNativeQuery("update login_throttle set blocked_until = :until where throttle_key = :key")
                                .setParameter("until", now.plus(blockFor(failures - limit)))
                                .setParameter("key", key)
                                .executeUpdate()
                                .replaceWithVoid()));
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

    private static String addressKey(String clientAddress) {
        return "address:" + clientAddress;
    }
}

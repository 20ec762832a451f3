package dev.parley.auth.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The failure counts of the login throttle (table login_throttle), one row per counter key. */
@ApplicationScoped
public class ThrottleRepository {

    /** A counter blocked until a time. */
    public record Block(String key, Instant until) {
    }

    /** The counter among the keys blocked the longest past now, or null when none is blocked. */
    public Uni<Block> latestBlock(List<String> keys, Instant now) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select throttle_key, blocked_until from login_throttle where throttle_key in (:keys)"
                        + " and blocked_until > :now order by blocked_until desc limit 1", Object[].class)
                .setParameter("keys", keys)
                .setParameter("now", now)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Block((String) rows.get(0)[0], VaultHistoryRepository.instant(rows.get(0)[1])));
    }

    /** Adds a failure to the key's count within the window starting at windowStart; returns the count. */
    public Uni<Integer> countFailure(String key, Instant now, Instant windowStart) {
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
                .getSingleResult());
    }

    public Uni<Void> block(String key, Instant until) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("update login_throttle set blocked_until = :until where throttle_key = :key")
                .setParameter("until", until)
                .setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> clear(List<String> keys) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from login_throttle where throttle_key in (:keys)")
                .setParameter("keys", keys)
                .executeUpdate())
                .replaceWithVoid();
    }
}

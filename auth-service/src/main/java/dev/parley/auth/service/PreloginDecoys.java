package dev.parley.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
import io.smallrye.mutiny.Uni;

/**
 * The iteration count prelogin answers for a username nobody has. Answering the default alone would tell apart every
 * account made with another count (an earlier default, say); instead an unknown name gets one of the counts accounts
 * use, picked by a keyed hash of the name, so the same name always gets the same answer and, without the key, no
 * answer says whether the name exists.
 */
@ApplicationScoped
public class PreloginDecoys {

    private static final Duration REFRESH = Duration.ofMinutes(5);

    private final AccountRepository accounts;
    private final int defaultIterations;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(byte[] key, List<Integer> counts, Instant readAt) {
    }

    PreloginDecoys(AccountRepository accounts, AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.defaultIterations = config.kdf().defaultIterations();
        this.clock = clock;
    }

    /** Within a session: the count for a name that belongs to no account. */
    public Uni<Integer> iterationsFor(String username) {
        Snapshot current = snapshot;
        Uni<Snapshot> fresh = current != null && current.readAt().plus(REFRESH).isAfter(clock.instant())
                ? Uni.createFrom().item(current)
                : accounts.preloginSecret().chain(key -> accounts.kdfIterationsInUse()
                        .map(counts -> new Snapshot(key, counts, clock.instant())))
                        .invoke(read -> snapshot = read);
        return fresh.map(read -> pick(read, username));
    }

    private int pick(Snapshot read, String username) {
        if (read.counts().isEmpty()) {
            return defaultIterations;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(read.key(), "HmacSHA256"));
            byte[] digest = mac.doFinal(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            int index = Math.floorMod(((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
                    | (digest[3] & 0xff), read.counts().size());
            return read.counts().get(index);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

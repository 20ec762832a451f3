package dev.parley.auth.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.config.AuthConfig;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.SessionsRevoked;
import dev.parley.outbox.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * Announces ended sessions on the session-revocations topic, through the outbox in the transaction that ends them,
 * so that the gateway and every service refuse the sessions' access tokens (and chat-service closes their
 * sockets) within moments rather than when the tokens expire.
 */
@ApplicationScoped
public class SessionRevocations {

    public static final String LOGOUT = "logout";
    public static final String LOGOUT_ALL = "logout_all";
    public static final String PASSWORD_CHANGED = "password_changed";
    public static final String REFRESH_TOKEN_REUSED = "refresh_token_reused";
    public static final String ACCOUNT_DELETED = "account_deleted";

    /** Beyond the token lifetime: the clock skew services allow when they check a token's expiry. */
    private static final Duration SKEW_MARGIN = Duration.ofMinutes(2);

    private final Outbox outbox;
    private final Duration accessTokenTtl;
    private final Clock clock;

    SessionRevocations(Outbox outbox, AuthConfig config, Clock clock) {
        this.outbox = outbox;
        this.accessTokenTtl = config.jwt().accessTokenTtl();
        this.clock = clock;
    }

    /** Within the transaction that ended the sessions; nothing is announced for none. */
    public Uni<Void> announce(UUID userId, List<UUID> sessionIds, String reason) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        SessionsRevoked revoked = new SessionsRevoked(userId, sessionIds, reason, now,
                now.plus(accessTokenTtl).plus(SKEW_MARGIN));
        return outbox.publish(Topics.SESSION_REVOCATIONS, userId.toString(), revoked).replaceWithVoid();
    }
}

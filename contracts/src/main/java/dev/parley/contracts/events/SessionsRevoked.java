package dev.parley.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/**
 * Sessions of a user ended (session-revocations topic, keyed by user id): a logout, a logout everywhere, a password
 * change, a reused refresh token or the account's deletion. An access token whose {@code sid} is one of
 * {@code sessionIds} must be refused until {@code refuseUntil}, after which it would have expired anyway.
 *
 * @param reason what ended them: {@code logout}, {@code logout_all}, {@code password_changed},
 *               {@code refresh_token_reused} or {@code account_deleted}
 */
@EventType(name = "sessions.revoked", version = 1)
public record SessionsRevoked(UUID userId, List<UUID> sessionIds, String reason, Instant revokedAt,
        Instant refuseUntil) implements EventPayload {

    public SessionsRevoked {
        sessionIds = List.copyOf(sessionIds);
    }
}

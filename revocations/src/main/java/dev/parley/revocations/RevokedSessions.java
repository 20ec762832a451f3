package dev.parley.revocations;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import dev.parley.contracts.events.SessionsRevoked;

/**
 * The sessions auth-service ended whose access tokens could still be unexpired, as read by {@link RevocationFeed}.
 * A token whose {@code sid} is here must be refused. Each revocation is also fired as a CDI event, so that a
 * service holding long-lived connections (chat-service's sockets) can close the sessions' ones.
 */
@ApplicationScoped
public class RevokedSessions {

    private final Map<UUID, Instant> refusedUntil = new ConcurrentHashMap<>();
    private final Consumer<SessionsRevoked> announcements;
    private final Clock clock;

    @Inject
    RevokedSessions(Event<SessionsRevoked> announcements) {
        this(announcements::fire, Clock.systemUTC());
    }

    RevokedSessions(Consumer<SessionsRevoked> announcements, Clock clock) {
        this.announcements = announcements;
        this.clock = clock;
    }

    /** Whether a token of this session (its {@code sid} claim) must be refused; a missing or odd sid is not revoked. */
    public boolean isRevoked(String sessionId) {
        if (sessionId == null) {
            return false;
        }
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Instant until = refusedUntil.get(id);
        return until != null && clock.instant().isBefore(until);
    }

    /** Records a revocation read from the topic; one that no token can outlive any more is skipped. */
    public void apply(SessionsRevoked revoked) {
        Instant now = clock.instant();
        if (!now.isBefore(revoked.refuseUntil())) {
            return;
        }
        for (UUID session : revoked.sessionIds()) {
            refusedUntil.merge(session, revoked.refuseUntil(), (a, b) -> a.isAfter(b) ? a : b);
        }
        announcements.accept(revoked);
    }

    /** Forgets revocations of tokens that have expired by now. */
    public void forgetExpired() {
        Instant now = clock.instant();
        refusedUntil.values().removeIf(until -> !now.isBefore(until));
    }

    int size() {
        return refusedUntil.size();
    }
}

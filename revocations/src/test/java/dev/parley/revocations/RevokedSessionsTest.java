package dev.parley.revocations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.Test;

import dev.parley.contracts.events.SessionsRevoked;

class RevokedSessionsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final List<SessionsRevoked> fired = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final RevokedSessions sessions = new RevokedSessions(fired::add, clock);

    @Test
    void aRevokedSessionIsRefusedUntilItsTokensWouldHaveExpired() {
        UUID revoked = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        sessions.apply(revocation(List.of(revoked), NOW.plus(Duration.ofMinutes(17))));

        assertThat(sessions.isRevoked(revoked.toString())).isTrue();
        assertThat(sessions.isRevoked(other.toString())).isFalse();
        assertThat(fired).hasSize(1);

        clock.now = NOW.plus(Duration.ofMinutes(17));
        assertThat(sessions.isRevoked(revoked.toString())).isFalse();
        sessions.forgetExpired();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aRevocationNoTokenCanOutliveIsSkippedAndNotAnnounced() {
        UUID session = UUID.randomUUID();
        sessions.apply(revocation(List.of(session), NOW.minusSeconds(1)));

        assertThat(sessions.isRevoked(session.toString())).isFalse();
        assertThat(fired).isEmpty();
    }

    @Test
    void aMissingOrMalformedSessionClaimIsNotRevoked() {
        assertThat(sessions.isRevoked(null)).isFalse();
        assertThat(sessions.isRevoked("not-a-uuid")).isFalse();
    }

    @Test
    void theLaterDeadlineWinsWhenASessionIsRevokedTwice() {
        UUID session = UUID.randomUUID();
        sessions.apply(revocation(List.of(session), NOW.plus(Duration.ofMinutes(20))));
        sessions.apply(revocation(List.of(session), NOW.plus(Duration.ofMinutes(5))));

        clock.now = NOW.plus(Duration.ofMinutes(10));
        assertThat(sessions.isRevoked(session.toString())).isTrue();
    }

    private static SessionsRevoked revocation(List<UUID> ids, Instant until) {
        return new SessionsRevoked(UUID.randomUUID(), ids, "logout", NOW, until);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

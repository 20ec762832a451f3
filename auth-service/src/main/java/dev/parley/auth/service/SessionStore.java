package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.auth.Account;
import dev.parley.auth.RefreshToken;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
import dev.parley.auth.repository.KnownDeviceRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The units of work on sessions (families of refresh tokens): each method is one session (a read) or one transaction
 * (a write, which announces ended sessions through the outbox in that transaction). {@link SessionService} checks
 * passwords and consults the throttle between them, outside any of them, so that Argon2's work never holds a
 * connection.
 */
@ApplicationScoped
class SessionStore {

    private static final Logger LOG = Logger.getLogger(SessionStore.class);

    /** Whom a login names (null when nobody) and whether the device presenting it has signed in to them before. */
    record LoginTarget(Account account, boolean knownDevice) {
    }

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final KnownDeviceRepository devices;
    private final SessionRevocations revocations;
    private final TokenIssuer tokens;
    private final AuthConfig config;
    private final Clock clock;

    SessionStore(AccountRepository accounts, RefreshTokenRepository refreshTokens, KnownDeviceRepository devices,
            SessionRevocations revocations, TokenIssuer tokens, AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.devices = devices;
        this.revocations = revocations;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** {@code deviceTokenHash} may be null (no device token presented). */
    @WithSession
    Uni<LoginTarget> loginTarget(String username, byte[] deviceTokenHash) {
        return accounts.findByUsername(username).chain(account -> account == null || deviceTokenHash == null
                ? Uni.createFrom().item(new LoginTarget(account, false))
                : devices.belongsTo(deviceTokenHash, account.id).map(known -> new LoginTarget(account, known)));
    }

    /** Remembers the device as one that signed in to the account, and starts a new session family. */
    @WithTransaction
    Uni<SessionService.Session> start(Account account, byte[] deviceTokenHash) {
        return devices.remember(deviceTokenHash, account.id, clock.instant(), config.throttle().knownDevicesPerAccount())
                .chain(() -> issue(account, UUID.randomUUID()));
    }

    /**
     * Rotates the refresh token with this hash to a new one of its family. Null when the token is unknown, revoked or
     * expired, or was rotated before: then a copy is in someone else's hands, and its whole family is revoked.
     */
    @WithTransaction
    Uni<SessionService.Session> rotate(byte[] tokenHash, Instant now) {
        return refreshTokens.findByHash(tokenHash)
                .chain(stored -> usable(stored, now) ? rotateUsable(stored, now) : Uni.createFrom().nullItem());
    }

    /** Ends the session the refresh token with this hash belongs to; an unknown or revoked token changes nothing. */
    @WithTransaction
    Uni<Void> end(byte[] tokenHash, Instant now) {
        return refreshTokens.findByHash(tokenHash)
                .chain(stored -> stored == null || stored.revokedAt != null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(stored.familyId, now)
                                .chain(() -> revocations.announce(stored.accountId, List.of(stored.familyId),
                                        SessionRevocations.LOGOUT)));
    }

    /** Ends every session of the account; returns the families that were still active. */
    @WithTransaction
    Uni<List<UUID>> endAll(UUID accountId, Instant now) {
        return refreshTokens.activeFamiliesOf(accountId)
                .call(families -> refreshTokens.revokeAllOf(accountId, now))
                .call(families -> revocations.announce(accountId, families, SessionRevocations.LOGOUT_ALL));
    }

    private static boolean usable(RefreshToken stored, Instant now) {
        return stored != null && stored.revokedAt == null && stored.expiresAt.isAfter(now);
    }

    /** Marks the token rotated; only the first to present it gets to, the others reveal a copy. */
    private Uni<SessionService.Session> rotateUsable(RefreshToken stored, Instant now) {
        return refreshTokens.markRotated(stored.id, now)
                .chain(rotated -> rotated ? continueFamily(stored) : revokeReused(stored, now));
    }

    private Uni<SessionService.Session> continueFamily(RefreshToken stored) {
        return accounts.findById(stored.accountId).chain(account -> issue(account, stored.familyId));
    }

    private Uni<SessionService.Session> revokeReused(RefreshToken stored, Instant now) {
        return refreshTokens.revokeFamily(stored.familyId, now)
                .call(() -> revocations.announce(stored.accountId, List.of(stored.familyId),
                        SessionRevocations.REFRESH_TOKEN_REUSED))
                .invoke(count -> LOG.warnf("Refresh token reused: revoked session %s of user %s", stored.familyId,
                        stored.accountId))
                .chain(() -> Uni.createFrom().nullItem());
    }

    /** A new refresh token of the family, and an access token for the session. */
    private Uni<SessionService.Session> issue(Account account, UUID familyId) {
        String plaintext = OpaqueTokens.newToken();
        Instant now = clock.instant();
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.tokenHash = OpaqueTokens.hash(plaintext);
        token.accountId = account.id;
        token.familyId = familyId;
        token.createdAt = now;
        token.expiresAt = now.plus(config.refresh().ttl());
        return refreshTokens.persist(token).map(saved -> new SessionService.Session(account, familyId,
                tokens.issue(account, familyId), plaintext, token.expiresAt, null));
    }
}

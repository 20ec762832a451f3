package dev.parley.auth.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.auth.Account;
import dev.parley.auth.RefreshToken;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
import dev.parley.auth.repository.KnownDeviceRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Logins and sessions. A session is a family of refresh tokens: login starts one, every refresh rotates to a new
 * token of the same family, and a token presented a second time revokes its whole family, because only a copy
 * kept by someone else can be presented after its owner already rotated it.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);
    private static final int REFRESH_TOKEN_BYTES = 32;

    /**
     * What a client gets from a login or a refresh. {@code deviceToken} (logins only, else null) marks the device as
     * one that has signed in to the account, so that failures others cause never block its logins.
     */
    public record Session(Account account, UUID sessionId, TokenIssuer.AccessToken accessToken, String refreshToken,
            Instant refreshTokenExpiresAt, String deviceToken) {
    }

    /** A login before its password is checked: the account (null if none) and how the throttle counts it. */
    private record LoginAttempt(Account account, LoginThrottle.Attempt attempt, String deviceToken) {
    }

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final TokenIssuer tokens;
    private final KnownDeviceRepository devices;
    private final SessionRevocations revocations;
    private final PreloginDecoys decoys;
    private final AuthConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SessionService(AccountRepository accounts, RefreshTokenRepository refreshTokens, CredentialHasher hasher,
            LoginThrottle throttle, TokenIssuer tokens, KnownDeviceRepository devices, SessionRevocations revocations,
            PreloginDecoys decoys, AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.devices = devices;
        this.revocations = revocations;
        this.decoys = decoys;
        this.config = config;
        this.clock = clock;
    }

    /** The KDF iteration count a client needs before login; for unknown names a decoy, so it reveals nothing. */
    public Uni<Integer> kdfIterations(String username) {
        return Panache.withSession(() -> accounts.findByUsername(username).chain(account -> account == null
                ? decoys.iterationsFor(username) : Uni.createFrom().item(account.kdfIterations)));
    }

    /**
     * Checks the authKey and starts a session. An unknown username and a wrong key give the same answer after the
     * same work. {@code deviceToken} (may be null) is what an earlier login of this device returned; when it belongs
     * to the account, the login is throttled on that device's failures alone.
     */
    public Uni<Session> login(String username, byte[] authKey, String deviceToken, String clientAddress) {
        return Panache.withSession(() -> accounts.findByUsername(username).chain(account -> {
            byte[] deviceHash = deviceToken == null || account == null ? null : hash(deviceToken);
            Uni<Boolean> known = deviceHash == null ? Uni.createFrom().item(false) : devices.belongsTo(deviceHash, account.id);
            return known.map(isKnown -> isKnown
                    ? new LoginAttempt(account, throttle.fromKnownDevice(deviceHash), deviceToken)
                    : new LoginAttempt(account, throttle.fromNewDevice(username, clientAddress), null));
        }))
                .call(login -> throttle.checkAllowed(login.attempt()))
                .chain(login -> hasher.matches(login.account(), authKey).chain(matches -> {
                    if (!matches) {
                        LOG.infof("Failed login from %s", clientAddress);
                        return throttle.recordFailure(login.attempt())
                                .chain(() -> Uni.createFrom().failure(ApiException.unauthorized(Inputs.INVALID_CREDENTIALS)));
                    }
                    Account account = login.account();
                    String device = login.deviceToken() != null ? login.deviceToken() : newSecret();
                    return throttle.recordSuccess(login.attempt())
                            .chain(() -> Panache.withTransaction(() -> devices.remember(hash(device), account.id,
                                    clock.instant(), config.throttle().knownDevicesPerAccount())
                                    .chain(() -> startSession(account))))
                            .map(session -> new Session(session.account(), session.sessionId(), session.accessToken(),
                                    session.refreshToken(), session.refreshTokenExpiresAt(), device))
                            .invoke(session -> LOG.infof("User %s logged in (session %s)", account.id, session.sessionId()));
                }));
    }

    /** Within a transaction: a new session family for the account. */
    public Uni<Session> startSession(Account account) {
        return issueRefreshToken(account.id, UUID.randomUUID()).map(issued -> new Session(account, issued.familyId,
                tokens.issue(account, issued.familyId), issued.plaintext, issued.expiresAt, null));
    }

    /** Rotates a refresh token; a reused, revoked, expired or unknown token gets 401. */
    public Uni<Session> refresh(String presentedToken) {
        byte[] hash = hash(presentedToken);
        Instant now = clock.instant();
        return Panache.withTransaction(() -> refreshTokens.findByHash(hash).chain(stored -> {
            if (stored == null || stored.revokedAt != null || !stored.expiresAt.isAfter(now)) {
                return Uni.createFrom().item(RefreshOutcome.rejected());
            }
            return refreshTokens.markRotated(stored.id, now).chain(rotated -> {
                if (!rotated) {
                    return refreshTokens.revokeFamily(stored.familyId, now)
                            .call(() -> revocations.announce(stored.accountId, List.of(stored.familyId),
                                    SessionRevocations.REFRESH_TOKEN_REUSED))
                            .invoke(count -> LOG.warnf("Refresh token reused: revoked session %s of user %s",
                                    stored.familyId, stored.accountId))
                            .replaceWith(RefreshOutcome.rejected());
                }
                return accounts.findById(stored.accountId).chain(account -> issueRefreshToken(account.id, stored.familyId)
                        .map(issued -> RefreshOutcome.of(new Session(account, stored.familyId,
                                tokens.issue(account, stored.familyId), issued.plaintext, issued.expiresAt, null))));
            });
        })).map(outcome -> {
            // Revocation must commit before the client is turned away, hence the decision outside the transaction.
            if (outcome.session == null) {
                throw ApiException.unauthorized("Your session has ended. Please log in again.");
            }
            return outcome.session;
        });
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored, so logout always succeeds. */
    public Uni<Void> logout(String presentedToken) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> refreshTokens.findByHash(hash(presentedToken))
                .chain(stored -> stored == null || stored.revokedAt != null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(stored.familyId, now)
                                .chain(() -> revocations.announce(stored.accountId, List.of(stored.familyId),
                                        SessionRevocations.LOGOUT))));
    }

    /** Ends every session of the user. */
    public Uni<Void> logoutEverywhere(UUID accountId) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> refreshTokens.activeFamiliesOf(accountId)
                .call(families -> refreshTokens.revokeAllOf(accountId, now))
                .call(families -> revocations.announce(accountId, families, SessionRevocations.LOGOUT_ALL)))
                .invoke(families -> LOG.infof("User %s logged out everywhere (%d sessions ended)", accountId, families.size()))
                .replaceWithVoid();
    }

    private Uni<IssuedToken> issueRefreshToken(UUID accountId, UUID familyId) {
        String plaintext = newSecret();
        Instant now = clock.instant();
        RefreshToken token = new RefreshToken();
        token.id = UUID.randomUUID();
        token.tokenHash = hash(plaintext);
        token.accountId = accountId;
        token.familyId = familyId;
        token.createdAt = now;
        token.expiresAt = now.plus(config.refresh().ttl());
        return refreshTokens.persist(token).map(saved -> new IssuedToken(plaintext, familyId, token.expiresAt));
    }

    private String newSecret() {
        byte[] secret = new byte[REFRESH_TOKEN_BYTES];
        random.nextBytes(secret);
        return Inputs.base64Url(secret);
    }

    /** Refresh and device tokens are 256 random bits, so a plain SHA-256 is enough to store them safely. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record IssuedToken(String plaintext, UUID familyId, Instant expiresAt) {
    }

    private record RefreshOutcome(Session session) {
        static RefreshOutcome rejected() {
            return new RefreshOutcome(null);
        }

        static RefreshOutcome of(Session session) {
            return new RefreshOutcome(session);
        }
    }
}

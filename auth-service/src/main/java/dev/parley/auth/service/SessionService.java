package dev.parley.auth.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.auth.Account;
import dev.parley.auth.RefreshToken;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
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

    /** What a client gets from a login or a refresh. */
    public record Session(Account account, UUID sessionId, TokenIssuer.AccessToken accessToken, String refreshToken,
            Instant refreshTokenExpiresAt) {
    }

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final TokenIssuer tokens;
    private final AuthConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SessionService(AccountRepository accounts, RefreshTokenRepository refreshTokens, CredentialHasher hasher,
            LoginThrottle throttle, TokenIssuer tokens, AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** The KDF iteration count a client needs before login; the default for unknown names, so it reveals nothing. */
    public Uni<Integer> kdfIterations(String username) {
        return Panache.withSession(() -> accounts.findByUsername(username))
                .map(account -> account == null ? config.kdf().defaultIterations() : account.kdfIterations);
    }

    /**
     * Checks the authKey and starts a session. An unknown username and a wrong key give the same answer after the
     * same work.
     */
    public Uni<Session> login(String username, byte[] authKey, String clientAddress) {
        return throttle.checkAllowed(username, clientAddress)
                .chain(() -> Panache.withSession(() -> accounts.findByUsername(username)))
                .chain(account -> hasher.matches(account, authKey).chain(matches -> {
                    if (!matches) {
                        LOG.infof("Failed login from %s", clientAddress);
                        return throttle.recordFailure(username, clientAddress)
                                .chain(() -> Uni.createFrom().failure(ApiException.unauthorized(Inputs.INVALID_CREDENTIALS)));
                    }
                    return throttle.recordSuccess(username)
                            .chain(() -> Panache.withTransaction(() -> startSession(account)))
                            .invoke(session -> LOG.infof("User %s logged in (session %s)", account.id, session.sessionId()));
                }));
    }

    /** Within a transaction: a new session family for the account. */
    public Uni<Session> startSession(Account account) {
        return issueRefreshToken(account.id, UUID.randomUUID()).map(issued -> new Session(account, issued.familyId,
                tokens.issue(account, issued.familyId), issued.plaintext, issued.expiresAt));
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
                    return refreshTokens.revokeFamily(stored.familyId, now).invoke(count -> LOG.warnf(
                            "Refresh token reused: revoked session %s of user %s", stored.familyId, stored.accountId))
                            .replaceWith(RefreshOutcome.rejected());
                }
                return accounts.findById(stored.accountId).chain(account -> issueRefreshToken(account.id, stored.familyId)
                        .map(issued -> RefreshOutcome.of(new Session(account, stored.familyId,
                                tokens.issue(account, stored.familyId), issued.plaintext, issued.expiresAt))));
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
                .chain(stored -> stored == null ? Uni.createFrom().voidItem()
                        : refreshTokens.revokeFamily(stored.familyId, now).replaceWithVoid()));
    }

    /** Ends every session of the user. */
    public Uni<Void> logoutEverywhere(UUID accountId) {
        return Panache.withTransaction(() -> refreshTokens.revokeAllOf(accountId, clock.instant()))
                .invoke(count -> LOG.infof("User %s logged out everywhere (%d tokens revoked)", accountId, count))
                .replaceWithVoid();
    }

    private Uni<IssuedToken> issueRefreshToken(UUID accountId, UUID familyId) {
        byte[] secret = new byte[REFRESH_TOKEN_BYTES];
        random.nextBytes(secret);
        String plaintext = Inputs.base64Url(secret);
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

    /** Refresh tokens are 256 random bits, so a plain SHA-256 is enough to store them safely. */
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

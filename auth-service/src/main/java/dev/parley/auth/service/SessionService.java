package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.auth.Account;
import dev.parley.auth.repository.AccountRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Logins and sessions. A session is a family of refresh tokens: login starts one, every refresh rotates to a new
 * token of the same family, and a token presented a second time revokes its whole family, because only a copy
 * kept by someone else can be presented after its owner already rotated it. The database work is {@link SessionStore}'s.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    /**
     * What a client gets from a login or a refresh. {@code deviceToken} (logins only, else null) marks the device as
     * one that has signed in to the account, so that failures others cause never block its logins.
     */
    public record Session(Account account, UUID sessionId, TokenIssuer.AccessToken accessToken, String refreshToken,
            Instant refreshTokenExpiresAt, String deviceToken) {

        Session withDeviceToken(String token) {
            return new Session(account, sessionId, accessToken, refreshToken, refreshTokenExpiresAt, token);
        }
    }

    /** A login before its password is checked: the account (null if none) and how the throttle counts it. */
    private record LoginAttempt(Account account, LoginThrottle.Attempt attempt, String deviceToken) {
    }

    private final AccountRepository accounts;
    private final SessionStore store;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final PreloginDecoys decoys;
    private final Clock clock;

    SessionService(AccountRepository accounts, SessionStore store, CredentialHasher hasher, LoginThrottle throttle,
            PreloginDecoys decoys, Clock clock) {
        this.accounts = accounts;
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.decoys = decoys;
        this.clock = clock;
    }

    /** The KDF iteration count a client needs before login; for unknown names a decoy, so it reveals nothing. */
    @WithSession
    public Uni<Integer> kdfIterations(String username) {
        return accounts.findByUsername(username).chain(account -> account == null
                ? decoys.iterationsFor(username) : Uni.createFrom().item(account.kdfIterations));
    }

    /**
     * Checks the authKey and starts a session. An unknown username and a wrong key give the same answer after the
     * same work. {@code deviceToken} (may be null) is what an earlier login of this device returned; when it belongs
     * to the account, the login is throttled on that device's failures alone.
     */
    public Uni<Session> login(String username, byte[] authKey, String deviceToken, String clientAddress) {
        byte[] deviceHash = deviceToken == null ? null : OpaqueTokens.hash(deviceToken);
        return store.loginTarget(username, deviceHash)
                .map(target -> target.knownDevice()
                        ? new LoginAttempt(target.account(), throttle.fromKnownDevice(deviceHash), deviceToken)
                        : new LoginAttempt(target.account(), throttle.fromNewDevice(username, clientAddress), null))
                .call(login -> throttle.checkAllowed(login.attempt()))
                .chain(login -> hasher.matches(login.account(), authKey)
                        .chain(matches -> matches ? startSession(login) : refuse(login, clientAddress)));
    }

    /** Rotates a refresh token; a reused, revoked, expired or unknown token gets 401. */
    public Uni<Session> refresh(String presentedToken) {
        // Revocation must commit before the client is turned away, hence the refusal after the rotation's transaction.
        return store.rotate(OpaqueTokens.hash(presentedToken), clock.instant())
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("Your session has ended. Please log in again."));
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored, so logout always succeeds. */
    public Uni<Void> logout(String presentedToken) {
        return store.end(OpaqueTokens.hash(presentedToken), clock.instant());
    }

    /** Ends every session of the user. */
    public Uni<Void> logoutEverywhere(UUID accountId) {
        return store.endAll(accountId, clock.instant())
                .invoke(families -> LOG.infof("User %s logged out everywhere (%d sessions ended)", accountId, families.size()))
                .replaceWithVoid();
    }

    /** After a correct password: clears the attempt's own failures and starts a session on a known device. */
    private Uni<Session> startSession(LoginAttempt login) {
        Account account = login.account();
        String device = login.deviceToken() != null ? login.deviceToken() : OpaqueTokens.newToken();
        return throttle.recordSuccess(login.attempt())
                .chain(() -> store.start(account, OpaqueTokens.hash(device)))
                .map(session -> session.withDeviceToken(device))
                .invoke(session -> LOG.infof("User %s logged in (session %s)", account.id, session.sessionId()));
    }

    private Uni<Session> refuse(LoginAttempt login, String clientAddress) {
        LOG.infof("Failed login from %s", clientAddress);
        return throttle.recordFailure(login.attempt())
                .chain(() -> Uni.createFrom().failure(ApiException.unauthorized(Inputs.INVALID_CREDENTIALS)));
    }
}

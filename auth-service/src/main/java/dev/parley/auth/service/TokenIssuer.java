package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** Signs short-lived access tokens: the user's id as subject, the session (refresh family) as {@code sid}. */
@ApplicationScoped
public class TokenIssuer {

    public static final String SESSION_CLAIM = "sid";
    public static final String USER_GROUP = "user";

    /** An access token and when it expires. */
    public record AccessToken(String token, Instant expiresAt) {
    }

    private final SigningKeys keys;
    private final AuthConfig.Jwt settings;
    private final Clock clock;

    TokenIssuer(SigningKeys keys, AuthConfig config, Clock clock) {
        this.keys = keys;
        this.settings = config.jwt();
        this.clock = clock;
    }

    public AccessToken issue(Account account, UUID sessionId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.accessTokenTtl());
        String token = Jwt.issuer(settings.issuer())
                .audience(settings.audience())
                .subject(account.id.toString())
                .upn(account.username)
                .groups(Set.of(USER_GROUP))
                .claim(SESSION_CLAIM, sessionId.toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .keyId(keys.signingKeyId())
                .sign(keys.signingKey());
        return new AccessToken(token, expiresAt);
    }
}

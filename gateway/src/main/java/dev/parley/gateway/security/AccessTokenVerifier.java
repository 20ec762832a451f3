package dev.parley.gateway.security;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import dev.parley.gateway.config.GatewayConfig;
import dev.parley.revocations.RevokedSessions;
import dev.parley.revocations.RevokedTokenCheck;
import io.vertx.core.Future;

/**
 * Checks access tokens the way the services do (SmallRye JWT with {@code mp.jwt.verify.*}): an ES256 signature by
 * one of auth-service's published keys, the expected issuer and audience, and exp and iat present, with exp (and
 * nbf, if any) within the allowed clock skew; the subject the services take the user from must be there too; and
 * its session ({@code sid}) not revoked.
 * The checking is jose4j's, the library under SmallRye JWT.
 */
@Singleton
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    /** What became of a token. */
    public enum Verdict {
        VALID,
        INVALID,
        /** The keys to check it with could not be fetched. */
        UNAVAILABLE
    }

    private final JwksCache keys;
    private final RevokedSessions revokedSessions;
    private final String issuer;
    private final String audience;
    private final int clockSkewSeconds;

    AccessTokenVerifier(JwksCache keys, RevokedSessions revokedSessions, GatewayConfig config) {
        this.keys = keys;
        this.revokedSessions = revokedSessions;
        this.issuer = config.jwt().issuer();
        this.audience = config.jwt().audience();
        this.clockSkewSeconds = Math.toIntExact(config.jwt().clockSkew().toSeconds());
    }

    /** Completes at once unless the keys have to be fetched first (never blocking the caller's thread). */
    public Future<Verdict> verify(String token) {
        String keyId;
        try {
            JsonWebStructure structure = JsonWebStructure.fromCompactSerialization(token);
            if (!(structure instanceof JsonWebSignature)) {
                return Future.succeededFuture(Verdict.INVALID);
            }
            keyId = structure.getKeyIdHeaderValue();
        } catch (JoseException e) {
            return Future.succeededFuture(Verdict.INVALID);
        }
        return keys.keysFor(keyId).map(keySet -> {
            if (keySet.isEmpty()) {
                return Verdict.UNAVAILABLE;
            }
            return keySet.covers(keyId) ? check(token, keySet) : Verdict.INVALID;
        });
    }

    private Verdict check(String token, JwksCache.KeySet keySet) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keySet.keys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            // A session ended by logout, password change or a reused refresh token: refused like an expired token.
            return revokedSessions.isRevoked(claims.getClaimValueAsString(RevokedTokenCheck.SESSION_CLAIM))
                    ? Verdict.INVALID : Verdict.VALID;
        } catch (InvalidJwtException e) {
            // The error codes only: jose4j's messages can quote the token.
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Refused an access token, jose4j error codes %s",
                        e.getErrorDetails().stream().map(error -> error.getErrorCode()).toList());
            }
            return Verdict.INVALID;
        }
    }
}

package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Access tokens for testing services other than auth-service, shaped like auth-service's (ES256, issuer and
 * audience "parley", the user id as subject, a session id), signed by a key of this test JVM whose JWKS the
 * services under test are pointed at.
 */
public final class TestTokens {

    public static final String KEY_ID = "test-key";
    private static final EllipticCurveJsonWebKey KEY = newKey();
    private static Path jwksFile;

    private TestTokens() {
    }

    /** A valid token for the user, for 15 minutes. */
    public static String accessToken(UUID userId, String username) {
        return accessToken(userId, username, Duration.ofMinutes(15));
    }

    /** A token valid for the given time from now; a negative duration gives an expired token. */
    public static String accessToken(UUID userId, String username, Duration validFor) {
        return accessToken(userId, username, UUID.randomUUID(), validFor);
    }

    /** A token of the given session ({@code sid}), valid for the given time from now. */
    public static String accessToken(UUID userId, String username, UUID sessionId, Duration validFor) {
        Instant now = Instant.now();
        Instant issuedAt = validFor.isNegative() ? now.plus(validFor).minusSeconds(60) : now;
        return Jwt.issuer("parley")
                .audience("parley")
                .subject(userId.toString())
                .upn(username)
                .groups(Set.of("user"))
                .claim("sid", sessionId.toString())
                .issuedAt(issuedAt)
                .expiresAt(now.plus(validFor))
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .keyId(KEY_ID)
                .sign(KEY.getPrivateKey());
    }

    /** A {@code file:} URL of the JWKS holding this JVM's test verification key. */
    public static synchronized String jwksLocation() {
        if (jwksFile == null) {
            try {
                jwksFile = Files.createTempFile("parley-test-jwks-", ".json");
                jwksFile.toFile().deleteOnExit();
                Files.writeString(jwksFile, new JsonWebKeySet(KEY).toJson(OutputControlLevel.PUBLIC_ONLY));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jwksFile.toUri().toString();
    }

    private static EllipticCurveJsonWebKey newKey() {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(KEY_ID);
            key.setUse(Use.SIGNATURE);
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}

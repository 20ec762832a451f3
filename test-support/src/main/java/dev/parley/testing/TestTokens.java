package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Access tokens for testing services other than auth-service, shaped like auth-service's (ES256, issuer and
 * audience "parley", the user id as subject, a session id), signed by a key of this test JVM whose JWKS the
 * services under test are pointed at.
 */
public final class TestTokens {

    public static final String KEY_ID = "test-key";
    private static final KeyPair KEYS = newKeyPair();
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
                .sign(KEYS.getPrivate());
    }

    /** A {@code file:} URL of the JWKS holding this JVM's test verification key. */
    public static synchronized String jwksLocation() {
        if (jwksFile == null) {
            try {
                jwksFile = Files.createTempFile("parley-test-jwks-", ".json");
                jwksFile.toFile().deleteOnExit();
                Files.writeString(jwksFile, jwks());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jwksFile.toUri().toString();
    }

    private static String jwks() {
        ECPublicKey key = (ECPublicKey) KEYS.getPublic();
        return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + KEY_ID + "\","
                + "\"x\":\"" + coordinate(key.getW().getAffineX()) + "\",\"y\":\"" + coordinate(key.getW().getAffineY())
                + "\"}]}";
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

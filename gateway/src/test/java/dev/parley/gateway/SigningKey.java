package dev.parley.gateway;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * An ES256 key of the tests' own, to sign tokens the way auth-service does or with one thing wrong: published in the
 * fake auth service's JWKS (a rotation) or not at all (a forger's key).
 */
final class SigningKey {

    private final String keyId;
    private final KeyPair pair;

    private SigningKey(String keyId, KeyPair pair) {
        this.keyId = keyId;
        this.pair = pair;
    }

    static SigningKey generate(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new SigningKey(keyId, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key with an id nobody knows. */
    static SigningKey unknown() {
        return generate("unknown-" + UUID.randomUUID());
    }

    String keyId() {
        return keyId;
    }

    /** The public key as a JWK, the way auth-service publishes it. */
    String publicJwk() {
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey((ECPublicKey) pair.getPublic());
        jwk.setKeyId(keyId);
        jwk.setUse("sig");
        jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return jwk.toJson();
    }

    /** Claims shaped like auth-service's access tokens, valid for 15 minutes. */
    static JwtClaims accessTokenClaims() {
        Instant now = Instant.now();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("parley");
        claims.setAudience("parley");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setClaim("upn", "alice1");
        claims.setStringListClaim("groups", "user");
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(Duration.ofMinutes(15)).getEpochSecond()));
        return claims;
    }

    /** The claims signed with ES256 under this key's id. */
    String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(pair.getPrivate());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid access token signed with this key. */
    String accessToken() {
        return sign(accessTokenClaims());
    }
}

package dev.parley.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Access tokens that must not open anything, each made from a real one (so issuer, audience, key id and the other
 * claims are right and only one thing is wrong): expired but signed by auth-service's own key, signed by another
 * P-256 key under the real key id, unsigned ({@code alg: none}), HMAC-signed with the public key as secret (the
 * algorithm confusion attack), and a real token whose subject was changed after signing.
 */
final class Tokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Tokens() {
    }

    /** Signed with auth-service's real key (read from the stack's data folder), expired ten minutes ago. */
    static String expired(String realToken, Path authKeys) {
        ObjectNode claims = claims(realToken);
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 25 * 60).put("exp", now - 10 * 60);
        return es256(header(realToken), claims, readPrivateKey(authKeys.resolve("signing-key.pem")));
    }

    /** The real header and claims, signed by a key auth-service never had. */
    static String signedByAnotherKey(String realToken) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return es256(header(realToken), claims(realToken), generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none} and no signature, the real kid and claims. */
    static String unsigned(String realToken) {
        ObjectNode header = header(realToken).put("alg", "none");
        return encode(header) + "." + encode(claims(realToken)) + ".";
    }

    /** HS256 keyed with the bytes of the public key file, hoping a verifier takes the key for an HMAC secret. */
    static String hmacWithPublicKey(String realToken, Path authKeys) {
        try {
            byte[] secret = Files.readAllBytes(authKeys.resolve("signing-key.pub.pem"));
            String signingInput = encode(header(realToken).put("alg", "HS256")) + "." + encode(claims(realToken));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + ENCODER.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A real token with its subject changed to another user and the original signature kept. */
    static String withSubject(String realToken, UUID subject) {
        String[] parts = realToken.split("\\.");
        return parts[0] + "." + encode(claims(realToken).put("sub", subject.toString())) + "." + parts[2];
    }

    static ObjectNode header(String token) {
        return part(token, 0);
    }

    static ObjectNode claims(String token) {
        return part(token, 1);
    }

    private static ObjectNode part(String token, int index) {
        try {
            return (ObjectNode) Gateway.JSON.readTree(DECODER.decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String es256(ObjectNode header, ObjectNode claims, PrivateKey key) {
        String signingInput = encode(header.put("alg", "ES256")) + "." + encode(claims);
        try {
            // JWS wants the raw r || s form (RFC 7518 §3.4), not DER.
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(ObjectNode json) {
        return ENCODER.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey readPrivateKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pem + " is not a PKCS#8 EC key", e);
        }
    }
}

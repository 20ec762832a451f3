package dev.parley.auth.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

import dev.parley.auth.config.AuthConfig;

/**
 * The ES256 key that signs access tokens, and the public keys every service verifies them with.
 * <p>
 * Production configures the key pair as PEM files (a mounted secret) and, during a rotation, the public keys of
 * earlier signing keys, which stay in the JWKS until tokens signed with them have expired. Without configured
 * files, a key pair is generated once into the key folder and kept.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String PRIVATE_KEY_FILE = "signing-key.pem";
    private static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

    private final PrivateKey signingKey;
    private final EllipticCurveJsonWebKey current;
    private final List<EllipticCurveJsonWebKey> published;

    @Inject
    SigningKeys(AuthConfig config) {
        this(config.jwt());
    }

    SigningKeys(AuthConfig.Jwt jwt) {
        KeyPair pair;
        if (jwt.signingKeyFile().isPresent()) {
            Path publicFile = jwt.publicKeyFile().orElseThrow(() -> new IllegalStateException(
                    "parley.auth.jwt.public-key-file (PARLEY_AUTH_JWT_PUBLIC_KEY_FILE) must be set with the signing key file"));
            pair = new KeyPair(readPublicKey(publicFile), readPrivateKey(jwt.signingKeyFile().get()));
        } else {
            Path dir = jwt.keyDir().orElseThrow(() -> new IllegalStateException(
                    "Configure the token signing key: parley.auth.jwt.signing-key-file and public-key-file "
                            + "(PARLEY_AUTH_JWT_SIGNING_KEY_FILE, PARLEY_AUTH_JWT_PUBLIC_KEY_FILE), "
                            + "or parley.auth.jwt.key-dir (PARLEY_AUTH_JWT_KEY_DIR) for a generated one"));
            pair = generatedOrKept(dir);
        }
        requireMatchingPair(pair);
        this.signingKey = pair.getPrivate();
        this.current = verificationKey(pair.getPublic());
        List<EllipticCurveJsonWebKey> keys = new ArrayList<>(List.of(current));
        for (Path previous : jwt.previousPublicKeyFiles().orElse(List.of())) {
            EllipticCurveJsonWebKey key = verificationKey(readPublicKey(previous));
            if (!key.getKeyId().equals(current.getKeyId())) {
                keys.add(key);
            }
        }
        this.published = List.copyOf(keys);
        LOG.infof("Signing access tokens with key %s; publishing %d verification key(s)", current.getKeyId(), published.size());
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String signingKeyId() {
        return current.getKeyId();
    }

    /** The JSON Web Key Set of every published verification key. */
    public Map<String, Object> jwks() {
        return Map.of("keys", published.stream().map(key -> key.toParams(OutputControlLevel.PUBLIC_ONLY)).toList());
    }

    private static KeyPair generatedOrKept(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return new KeyPair(readPublicKey(publicFile), readPrivateKey(privateFile));
        }
        try {
            EllipticCurveJsonWebKey generated = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            KeyPair pair = new KeyPair(generated.getPublicKey(), generated.getPrivateKey());
            Files.createDirectories(dir);
            writePem(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            LOG.infof("Generated a token signing key in %s", dir);
            return pair;
        } catch (JoseException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the signing key in " + dir, e);
        }
    }

    private static void requireMatchingPair(KeyPair pair) {
        try {
            byte[] probe = "parley-key-check".getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("The configured public key does not belong to the signing key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing key is not an EC P-256 key", e);
        }
    }

    /** The key as a JWK identified by its RFC 7638 thumbprint, the key id tokens signed with it carry. */
    private static EllipticCurveJsonWebKey verificationKey(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            throw new IllegalStateException("Verification keys must be EC P-256 public keys");
        }
        EllipticCurveJsonWebKey jwk = new EllipticCurveJsonWebKey(ec);
        if (!EllipticCurves.P_256.equals(jwk.getCurveName())) {
            throw new IllegalStateException("Verification keys must be EC P-256 public keys");
        }
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        jwk.setUse(Use.SIGNATURE);
        jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return jwk;
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            return KeyUtils.decodePrivateKey(readPem(file), SignatureAlgorithm.ES256);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 EC private key (PEM)", e);
        }
    }

    private static PublicKey readPublicKey(Path file) {
        try {
            return KeyUtils.decodePublicKey(readPem(file), SignatureAlgorithm.ES256);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not an EC public key (SubjectPublicKeyInfo PEM)", e);
        }
    }

    private static String readPem(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem);
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the folder's permissions are all there is.
            }
        }
    }
}

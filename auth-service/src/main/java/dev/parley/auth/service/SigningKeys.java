package dev.parley.auth.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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

    /** A verification key with its JWKS key id (the RFC 7638 thumbprint). */
    private record VerificationKey(String keyId, ECPublicKey publicKey) {
    }

    private final PrivateKey signingKey;
    private final VerificationKey current;
    private final List<VerificationKey> published;

    SigningKeys(AuthConfig config) {
        AuthConfig.Jwt jwt = config.jwt();
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
        List<VerificationKey> keys = new ArrayList<>(List.of(current));
        for (Path previous : jwt.previousPublicKeyFiles().orElse(List.of())) {
            VerificationKey key = verificationKey(readPublicKey(previous));
            if (!key.keyId().equals(current.keyId())) {
                keys.add(key);
            }
        }
        this.published = List.copyOf(keys);
        LOG.infof("Signing access tokens with key %s; publishing %d verification key(s)", current.keyId(), published.size());
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String signingKeyId() {
        return current.keyId();
    }

    /** The JSON Web Key Set of every published verification key. */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (VerificationKey key : published) {
            Map<String, Object> jwk = new LinkedHashMap<>(publicJwk(key.publicKey()));
            jwk.put("kid", key.keyId());
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            keys.add(jwk);
        }
        return Map.of("keys", keys);
    }

    private static KeyPair generatedOrKept(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            return new KeyPair(readPublicKey(publicFile), readPrivateKey(privateFile));
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            writePem(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            LOG.infof("Generated a token signing key in %s", dir);
            return pair;
        } catch (GeneralSecurityException e) {
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

    private static VerificationKey verificationKey(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalStateException("Verification keys must be EC P-256 public keys");
        }
        return new VerificationKey(thumbprint(ec), ec);
    }

    private static Map<String, Object> publicJwk(ECPublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", base64Url(unsigned32(key.getW().getAffineX())));
        jwk.put("y", base64Url(unsigned32(key.getW().getAffineY())));
        return jwk;
    }

    /** RFC 7638: SHA-256 over the required members in lexicographic order, without whitespace. */
    private static String thumbprint(ECPublicKey key) {
        Map<String, Object> jwk = publicJwk(key);
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\"" + jwk.get("y") + "\"}";
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(readPem(file)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 EC private key", e);
        }
    }

    private static PublicKey readPublicKey(Path file) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(readPem(file)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not an EC public key (SubjectPublicKeyInfo PEM)", e);
        }
    }

    private static byte[] readPem(Path file) {
        try {
            String body = Files.readString(file).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PEM file", e);
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

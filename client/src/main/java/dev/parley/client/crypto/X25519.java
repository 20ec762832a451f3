package dev.parley.client.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/** The JDK's X25519, with keys converted to and from the raw and PKCS#8 forms the protocol uses. */
final class X25519 {

    static final int KEY_LENGTH = 32;

    private static final String ALGORITHM = "X25519";
    /** DER of an X25519 SubjectPublicKeyInfo (RFC 8410) up to the raw key, which is all that follows. */
    private static final byte[] PUBLIC_KEY_DER_PREFIX = hex("302a300506032b656e032100");
    /** The u-coordinate 9: X25519(private, 9) is the public key (RFC 7748 §6.1). */
    private static final byte[] BASE_POINT = basePoint();

    private X25519() {
    }

    static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK 17 has X25519", e);
        }
    }

    /** @throws ProtocolFormatException if {@code pkcs8} is not an X25519 private key */
    static PrivateKey privateKeyFromPkcs8(byte[] pkcs8) {
        try {
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new ProtocolFormatException("not a PKCS#8 X25519 private key", e);
        }
    }

    static PublicKey publicKeyFromRaw(byte[] raw) {
        byte[] der = Arrays.copyOf(PUBLIC_KEY_DER_PREFIX, PUBLIC_KEY_DER_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, der, PUBLIC_KEY_DER_PREFIX.length, KEY_LENGTH);
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new ProtocolFormatException("not an X25519 public key", e);
        }
    }

    static byte[] rawPublicKey(PublicKey publicKey) {
        byte[] der = publicKey.getEncoded();
        return Arrays.copyOfRange(der, der.length - KEY_LENGTH, der.length);
    }

    /** The raw public key belonging to {@code privateKey}; the JDK has no direct way to get it. */
    static byte[] rawPublicKeyOf(PrivateKey privateKey) {
        try {
            return agree(privateKey, publicKeyFromRaw(BASE_POINT));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("X25519 refused its own base point", e);
        }
    }

    /**
     * The X25519 shared secret.
     *
     * @throws ProtocolFormatException if it is all zero bytes, which a public key of small order
     *                                 forces whatever the private key (RFC 7748 §6.1)
     */
    static byte[] sharedSecret(PrivateKey privateKey, byte[] theirRawPublicKey) {
        byte[] secret;
        try {
            secret = agree(privateKey, publicKeyFromRaw(theirRawPublicKey));
        } catch (InvalidKeyException e) {
            // The JDK refuses a small-order point itself; the check below holds for any provider.
            throw new ProtocolFormatException("the other public key gives an all-zero shared secret", e);
        }
        if (MessageDigest.isEqual(secret, new byte[KEY_LENGTH])) {
            throw new ProtocolFormatException("the other public key gives an all-zero shared secret");
        }
        return secret;
    }

    private static byte[] agree(PrivateKey privateKey, PublicKey publicKey) throws InvalidKeyException {
        KeyAgreement agreement;
        try {
            agreement = KeyAgreement.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK 17 has X25519", e);
        }
        agreement.init(privateKey);
        agreement.doPhase(publicKey, true);
        return agreement.generateSecret();
    }

    private static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK 17 has X25519", e);
        }
    }

    private static byte[] basePoint() {
        byte[] point = new byte[KEY_LENGTH];
        point[0] = 9;
        return point;
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }
}

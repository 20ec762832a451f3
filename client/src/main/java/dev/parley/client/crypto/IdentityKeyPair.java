package dev.parley.client.crypto;

import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * A user's X25519 identity key pair (PROTOCOL.md §2). The private key leaves the client only
 * inside the sealed key vault, as PKCS#8 DER, the form WebCrypto's {@code exportKey('pkcs8')}
 * writes and {@code importKey('pkcs8')} reads.
 */
public final class IdentityKeyPair {

    private final PrivateKey privateKey;
    private final IdentityPublicKey publicKey;

    private IdentityKeyPair(PrivateKey privateKey, IdentityPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static IdentityKeyPair generate() {
        KeyPair pair = X25519.generateKeyPair();
        return new IdentityKeyPair(pair.getPrivate(), IdentityPublicKey.fromRaw(X25519.rawPublicKey(pair.getPublic())));
    }

    /** @throws ProtocolFormatException if {@code pkcs8} is not an X25519 private key */
    public static IdentityKeyPair fromPkcs8(byte[] pkcs8) {
        PrivateKey privateKey = X25519.privateKeyFromPkcs8(pkcs8.clone());
        return new IdentityKeyPair(privateKey, IdentityPublicKey.fromRaw(X25519.rawPublicKeyOf(privateKey)));
    }

    public byte[] privateKeyPkcs8() {
        return privateKey.getEncoded();
    }

    public IdentityPublicKey publicKey() {
        return publicKey;
    }

    /** @throws ProtocolFormatException if {@code theirs} gives an all-zero shared secret */
    byte[] sharedSecretWith(IdentityPublicKey theirs) {
        return X25519.sharedSecret(privateKey, theirs.raw());
    }

    @Override
    public String toString() {
        return "IdentityKeyPair[public " + publicKey.toBase64Url() + "]";
    }
}

package dev.parley.client.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a 12-byte nonce and a 16-byte tag appended to the ciphertext, as WebCrypto does it. */
final class AesGcm {

    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The plaintext, or empty when the tag does not verify (wrong key, nonce, aad or changed bytes). */
    static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        if (ciphertext.length < TAG_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * A Cipher is not thread-safe, so each thread keeps one (looking one up costs more than the work on a message);
     * {@code init} starts it afresh for every call. A Cipher refuses to encrypt twice with the same key and nonce in a
     * row (GCM's guard against nonce reuse): sealing the same again, as test vectors do, gets a new one.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key and a 12-byte nonce");
        }
        SecretKeySpec keySpec = new SecretKeySpec(key, "AES");
        GCMParameterSpec parameters = new GCMParameterSpec(TAG_LENGTH * Byte.SIZE, nonce);
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(mode, keySpec, parameters);
        } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
            cipher = newCipher();
            CIPHERS.set(cipher);
            cipher.init(mode, keySpec, parameters);
        }
        cipher.updateAAD(aad);
        return cipher;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}

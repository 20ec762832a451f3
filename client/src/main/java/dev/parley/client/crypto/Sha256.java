package dev.parley.client.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Sha256 {

    static final int LENGTH = 32;

    private Sha256() {
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    static byte[] digest(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}

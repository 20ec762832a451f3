package dev.parley.friend.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Seals the two user ids of a row that links two users with AES-256-GCM: a fresh 12-byte nonce per seal, then the
 * ciphertext and its 16-byte tag. The associated data names the table and the row id, so a sealed value copied into
 * another row (or another table) does not open.
 */
@ApplicationScoped
public class RowCipher {

    /** A sealed value and the id of the key that sealed it. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /** The two ids a row links, in the order they were sealed. */
    public record Parties(UUID first, UUID second) {
    }

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    RowCipher(KeyRing keys) {
        this.keys = keys;
    }

    /** Seals two ids for the row {@code rowId} of {@code table} under the current key. */
    public Sealed seal(String table, UUID rowId, UUID first, UUID second) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer plaintext = ByteBuffer.allocate(32)
                .putLong(first.getMostSignificantBits()).putLong(first.getLeastSignificantBits())
                .putLong(second.getMostSignificantBits()).putLong(second.getLeastSignificantBits());
        String keyId = keys.currentKeyId();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.encryptionKey(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(table, rowId));
            byte[] ciphertext = cipher.doFinal(plaintext.array());
            byte[] sealed = ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
            return new Sealed(keyId, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens what {@link #seal} sealed for the same row; fails when the row or its sealed value was altered. */
    public Parties open(String table, UUID rowId, String keyId, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, keys.encryptionKey(keyId),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(table, rowId));
            ByteBuffer plaintext = ByteBuffer.wrap(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
            return new Parties(new UUID(plaintext.getLong(), plaintext.getLong()),
                    new UUID(plaintext.getLong(), plaintext.getLong()));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "Row " + rowId + " of " + table + " does not open: altered, or sealed for another row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(String table, UUID rowId) {
        return (table + ":" + rowId).getBytes(StandardCharsets.UTF_8);
    }
}

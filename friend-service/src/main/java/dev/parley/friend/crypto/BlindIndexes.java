package dev.parley.friend.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

import javax.crypto.Mac;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.contracts.Keys;

/**
 * HMAC-SHA256 blind indexes: deterministic, so a row is found by equality on an indexed column, and keyed, so a copy
 * of the database without the index key cannot tell whose rows they are (not even by hashing every known user id).
 * Each purpose has its own prefix, so the same user's indexes in different columns cannot be matched up.
 */
@ApplicationScoped
public class BlindIndexes {

    private final ThreadLocal<Mac> macs;

    BlindIndexes(KeyRing keys) {
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(keys.indexKey());
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /** Finds a user's side of their friendships. */
    public byte[] member(UUID userId) {
        return index("member:" + userId);
    }

    /** Finds the requests a user sent. */
    public byte[] sender(UUID userId) {
        return index("sender:" + userId);
    }

    /** Finds the requests a user received. */
    public byte[] recipient(UUID userId) {
        return index("recipient:" + userId);
    }

    /** Finds what two users share, whichever of them asks. */
    public byte[] pair(UUID a, UUID b) {
        return index("pair:" + Keys.pair(a, b));
    }

    private byte[] index(String value) {
        // doFinal resets the Mac, so each thread reuses its own.
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.parley.client.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The safety number of two users (PROTOCOL.md §5), which they compare out of band to be sure
 * no one swapped their public keys: SHA-256(min(pkA, pkB) || max(pkA, pkB)), shown as six
 * groups of five digits, each a big-endian 5-byte chunk of the hash modulo 100000.
 */
public final class SafetyNumber {

    private static final int GROUPS = 6;
    private static final int BYTES_PER_GROUP = 5;
    private static final BigInteger GROUP_MODULUS = BigInteger.valueOf(100_000);

    private SafetyNumber() {
    }

    /** For example {@code "48180 99430 54812 77458 62055 38291"}; the same whichever key comes first. */
    public static String of(IdentityPublicKey a, IdentityPublicKey b) {
        byte[] fingerprint = fingerprint(a, b);
        StringJoiner groups = new StringJoiner(" ");
        for (int group = 0; group < GROUPS; group++) {
            byte[] chunk = Arrays.copyOfRange(fingerprint, group * BYTES_PER_GROUP, (group + 1) * BYTES_PER_GROUP);
            groups.add(String.format("%05d", new BigInteger(1, chunk).mod(GROUP_MODULUS)));
        }
        return groups.toString();
    }

    static byte[] fingerprint(IdentityPublicKey a, IdentityPublicKey b) {
        return Sha256.digest(IdentityPublicKey.concatenateInOrder(a, b));
    }
}

package dev.parley.client.crypto;

/**
 * Whether a vault the server hands out may be used (PROTOCOL.md §2, version 1.1): its sealed version {@code n} must
 * not be lower than the highest this client has opened for the account (else the server rolled it back), and must be
 * the version the server says the vault has (else an older vault is presented under a newer number). A vault made
 * before 1.1 has {@code n = 0}: accepted while nothing newer was seen, and given a version on its next upload.
 */
public enum VaultVersionCheck {
    ACCEPTED,
    ROLLED_BACK,
    VERSION_MISMATCH;

    public static VaultVersionCheck of(long sealedVersion, long serverVersion, long highestSeen) {
        if (sealedVersion < highestSeen) {
            return ROLLED_BACK;
        }
        if (sealedVersion != 0 && sealedVersion != serverVersion) {
            return VERSION_MISMATCH;
        }
        return ACCEPTED;
    }
}

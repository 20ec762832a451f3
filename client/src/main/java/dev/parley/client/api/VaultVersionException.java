package dev.parley.client.api;

import dev.parley.client.crypto.VaultVersionCheck;

/**
 * The server handed out a key vault this client refuses to use (PROTOCOL.md §2, 1.1): older than one it opened
 * before for this account (rolled back), or sealed as another version than the server says it is. Either way the
 * server, or someone with its database, replaced the vault: an application shows this as an alert, and must not
 * upload anything over it.
 */
public final class VaultVersionException extends RuntimeException {

    private final VaultVersionCheck check;
    private final long sealedVersion;
    private final long serverVersion;
    private final long highestSeen;

    VaultVersionException(VaultVersionCheck check, long sealedVersion, long serverVersion, long highestSeen) {
        super(message(check, sealedVersion, serverVersion, highestSeen));
        this.check = check;
        this.sealedVersion = sealedVersion;
        this.serverVersion = serverVersion;
        this.highestSeen = highestSeen;
    }

    private static String message(VaultVersionCheck check, long sealed, long server, long highest) {
        return check == VaultVersionCheck.ROLLED_BACK
                ? "The server returned an older key vault (version " + sealed + ") than this device has opened before"
                        + " (version " + highest + "): it was rolled back, and is not used."
                : "The key vault the server returned is sealed as version " + sealed + " but the server says it is"
                        + " version " + server + ": it was replaced, and is not used.";
    }

    public VaultVersionCheck check() {
        return check;
    }

    public long sealedVersion() {
        return sealedVersion;
    }

    public long serverVersion() {
        return serverVersion;
    }

    public long highestSeen() {
        return highestSeen;
    }
}

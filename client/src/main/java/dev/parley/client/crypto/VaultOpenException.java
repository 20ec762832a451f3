package dev.parley.client.crypto;

/** A sealed key vault that cannot be opened with the given wrapKey and username. */
public class VaultOpenException extends Exception {

    /** Why the vault did not open. */
    public enum Reason {
        /**
         * AES-GCM refused it: another password's wrapKey, another user's vault, or changed
         * bytes. The three cannot be told apart, by design of AES-GCM.
         */
        NOT_AUTHENTIC,
        /** It decrypted, but what is inside is not a version 1 vault. */
        UNREADABLE
    }

    private final Reason reason;

    VaultOpenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    VaultOpenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

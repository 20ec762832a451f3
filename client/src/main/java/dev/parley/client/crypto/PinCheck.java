package dev.parley.client.crypto;

/** How a public key the server returns for a friend compares with the one pinned in the key vault. */
public enum PinCheck {
    /** No key is pinned for this friend yet: trust on first use pins it. */
    NOT_PINNED,
    /** The key is the pinned one. */
    MATCHES,
    /** The key differs from the pinned one: warn before sending anything to this friend. */
    CHANGED
}

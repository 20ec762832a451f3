package dev.parley.client.crypto;

/**
 * The first check a received message fails (PROTOCOL.md §4, and §7 for groups), in the order they are made. A 1:1
 * message fails only MODIFIED, WRONG_SENDER and the chain checks; a group message may fail all but WRONG_SENDER.
 */
public enum IntegrityProblem {
    /**
     * AES-GCM refused it: a byte of header, nonce or ciphertext was changed (in a group message also of the reader's
     * wrap, or the sender is nobody the reader shares a key with), or it is no envelope at all.
     */
    MODIFIED,
    /** A group message that wraps its key for other members but not for the reader, who cannot read it. */
    KEY_MISSING,
    /**
     * A group message whose ciphertext is not the one its sender wrapped the key for: a member who learnt the key
     * from their own wrap encrypted other content under it.
     */
    CIPHERTEXT_SWAPPED,
    /** It is authentic, but {@code from} is not the member it should come from. */
    WRONG_SENDER,
    /** A group message, authentic under its sender's pair key, whose sender is not a member of the epoch it names. */
    NOT_A_MEMBER,
    /** Its seq skips ahead: one or more earlier messages of the chain never arrived. */
    DROPPED,
    /** Its seq is not after the last one seen: a copy of an earlier message, or one that came late. */
    REPLAYED_OR_REORDERED,
    /** Its seq follows, but {@code prev} is not the hash of the previous message seen on the chain. */
    BROKEN_CHAIN
}

package dev.parley.client.crypto;

/** The first check a received message fails (PROTOCOL.md §4), in the order they are made. */
public enum IntegrityProblem {
    /** AES-GCM refused it: a byte of header, nonce or ciphertext was changed, or it is no envelope at all. */
    MODIFIED,
    /** It is authentic, but {@code from} is not the member it should come from. */
    WRONG_SENDER,
    /** Its seq skips ahead: one or more earlier messages of the chain never arrived. */
    DROPPED,
    /** Its seq is not after the last one seen: a copy of an earlier message, or one that came late. */
    REPLAYED_OR_REORDERED,
    /** Its seq follows, but {@code prev} is not the hash of the previous message seen on the chain. */
    BROKEN_CHAIN
}

package dev.parley.contracts;

import java.util.UUID;

/** Record keys that more than one service computes. */
public final class Keys {

    private Keys() {
    }

    /** The key of a pair of users: both ids in a fixed order, so A-B and B-A are the same key. */
    public static String pair(UUID a, UUID b) {
        return a.compareTo(b) <= 0 ? a + ":" + b : b + ":" + a;
    }
}

package dev.parley.contracts;

import java.util.UUID;

import dev.parley.contracts.EventCodec.MalformedEventException;

/** Record keys that more than one service computes. */
public final class Keys {

    private Keys() {
    }

    /** The key of a pair of users: both ids in a fixed order, so A-B and B-A are the same key. */
    public static String pair(UUID a, UUID b) {
        return a.compareTo(b) <= 0 ? a + ":" + b : b + ":" + a;
    }

    /** The two users of a {@link #pair} key, in the key's order. */
    public record Pair(UUID first, UUID second) {
    }

    /** The users of a key written by {@link #pair}; a key that is not one fails as a malformed record. */
    public static Pair unpair(String key) {
        String[] ids = String.valueOf(key).split(":", 2);
        if (ids.length != 2) {
            throw new MalformedEventException("not a pair key: " + key);
        }
        return new Pair(userId(ids[0]), userId(ids[1]));
    }

    /** The user id a record is keyed by; a key that is not one fails as a malformed record. */
    public static UUID userId(String key) {
        try {
            return UUID.fromString(String.valueOf(key));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("not a user id: " + key);
        }
    }
}

package dev.parley.chat.service;

import java.util.UUID;

/** Checks of the encodings PROTOCOL.md §0 fixes, for the little the server can check. */
public final class Encodings {

    public static final int DEVICE_ID_BYTES = 16;

    private Encodings() {
    }

    /** Whether {@code text} is unpadded base64url of exactly {@code bytes} bytes. */
    public static boolean isBase64Url(String text, int bytes) {
        return decodedLength(text) == bytes;
    }

    /**
     * How many bytes unpadded base64url {@code text} decodes to, or -1 when it is not that encoding (padding, other
     * characters, an impossible length, or stray bits after the last byte: a byte string has exactly one form).
     */
    public static int decodedLength(String text) {
        int length = text.length();
        if (length % 4 == 1) {
            return -1;
        }
        for (int i = 0; i < length; i++) {
            if (valueOf(text.charAt(i)) < 0) {
                return -1;
            }
        }
        int tail = length % 4;
        if (tail > 0) {
            int last = valueOf(text.charAt(length - 1));
            int unusedBits = tail == 2 ? 4 : 2;
            if ((last & ((1 << unusedBits) - 1)) != 0) {
                return -1;
            }
        }
        return length / 4 * 3 + (tail == 0 ? 0 : tail - 1);
    }

    /** The UUID {@code text} spells in its canonical lower-case form, or null. */
    public static UUID uuidOrNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}

package dev.parley.client.crypto;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 exactly as the browser's {@code TextEncoder} and {@code TextDecoder} handle it, so
 * that both clients turn the same string into the same bytes. The JDK differs only for
 * unpaired surrogates: it encodes them as {@code '?'} where {@code TextEncoder} writes U+FFFD.
 */
final class Utf8 {

    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private Utf8() {
    }

    static byte[] encode(String text) {
        // Without surrogates (nearly every text) the JDK's encoding is the browser's: no copy, no code point stream.
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return encodeWithSurrogates(text);
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encodeWithSurrogates(String text) {
        // codePoints() yields an unpaired surrogate as a code point of its own.
        String wellFormed = text.codePoints()
                .map(codePoint -> isSurrogate(codePoint) ? REPLACEMENT_CHARACTER : codePoint)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return wellFormed.getBytes(StandardCharsets.UTF_8);
    }

    /** Malformed sequences become U+FFFD, as with a default {@code TextDecoder}. */
    static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}

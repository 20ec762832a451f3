package dev.parley.client.crypto;

import java.util.Base64;

/** Base64url without padding (RFC 4648 §5), the encoding of every binary value in the protocol's JSON. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes strictly: padding, characters outside the url-safe alphabet and non-zero bits
     * after the last whole byte are refused, so every byte string has exactly one accepted form.
     *
     * @throws ProtocolFormatException if {@code text} is not canonical unpadded base64url; the message gives its
     *                                 length only, never the text, which may be key material
     */
    public static byte[] decode(String text) {
        if (text.indexOf('=') >= 0) {
            throw new ProtocolFormatException("base64url must not be padded (" + text.length() + " characters)");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            // Not chained: the JDK's message names the offending character.
            throw new ProtocolFormatException("not base64url (" + text.length() + " characters)");
        }
        // The JDK ignores leftover bits in the last character; re-encoding reveals them.
        if (!encode(bytes).equals(text)) {
            throw new ProtocolFormatException("base64url with non-zero trailing bits (" + text.length() + " characters)");
        }
        return bytes;
    }

    /**
     * Decodes and checks the length, for fixed-size values such as keys, nonces and hashes.
     *
     * @throws ProtocolFormatException if {@code text} is not base64url or not {@code length} bytes long
     */
    public static byte[] decode(String text, int length, String what) {
        byte[] bytes = decode(text);
        if (bytes.length != length) {
            throw new ProtocolFormatException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }
}

package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) canonical JSON for the values the protocol uses: objects, strings and
 * integers. Anything else (fractions, booleans, null, arrays) is refused rather than written
 * in a form another client might not reproduce.
 */
public final class CanonicalJson {

    /** The largest integer a JavaScript number holds exactly (2^53 - 1); JCS numbers are such doubles. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private CanonicalJson() {
    }

    /**
     * @throws ProtocolFormatException if {@code value} holds a value other than an object, a
     *                                 string or an integer within ±(2^53 - 1), or a string with an
     *                                 unpaired surrogate (RFC 8785 requires well-formed strings)
     */
    public static String serialize(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    public static byte[] serializeToUtf8(JsonNode value) {
        return Utf8.encode(serialize(value));
    }

    /**
     * A JSON number as an integer the way JavaScript reads it: the number is the nearest double,
     * so {@code 1e3} and {@code 10.0} are the integers 1000 and 10, and {@code -0} is 0.
     */
    static long safeInteger(JsonNode number) {
        double value = number.doubleValue();
        if (value != Math.rint(value) || Math.abs(value) > MAX_SAFE_INTEGER) {
            throw new ProtocolFormatException("canonical JSON supports only integers within ±(2^53 - 1), got " + number);
        }
        return (long) value;
    }

    private static void write(JsonNode value, StringBuilder out) {
        if (value.isObject()) {
            writeObject(value, out);
        } else if (value.isTextual()) {
            writeString(value.textValue(), out);
        } else if (value.isNumber()) {
            out.append(safeInteger(value));
        } else {
            throw new ProtocolFormatException("canonical JSON here supports objects, strings and integers, got " + value.getNodeType());
        }
    }

    private static void writeObject(JsonNode object, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.properties());
        // String.compareTo orders by UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(members.get(i).getKey(), out);
            out.append(':');
            write(members.get(i).getValue(), out);
        }
        out.append('}');
    }

    /** Escapes only what RFC 8785 §3.2.2.2 (ECMAScript's JSON.stringify) escapes. */
    private static void writeString(String text, StringBuilder out) {
        requireWellFormed(text);
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ProtocolFormatException("canonical JSON refuses strings with an unpaired surrogate");
            }
        }
    }
}

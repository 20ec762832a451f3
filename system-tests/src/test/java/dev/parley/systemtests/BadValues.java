package dev.parley.systemtests;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Bad values for one JSON field, by what the field holds. None of them is a value the field may take (a bad value
 * that happened to be valid would make a refused request succeed): numbers are negative, fractional or too large,
 * strings are not names, keys or ids, long strings are longer than anything a field may hold.
 */
final class BadValues {

    /** What a field holds, which decides the values that are wrong for it. */
    enum Kind {
        /** A name or other text, like a username. */
        TEXT,
        /** base64url of exactly {@code bytes} bytes: keys, device ids, nonces, hashes. */
        KEY,
        /** base64url of any length up to a limit (a vault, a ciphertext): only over-limit lengths are wrong. */
        BLOB,
        /** A refresh or access token: opaque text. */
        TOKEN,
        UUID,
        /** A whole number with a valid range; {@code base} is the valid value, sent again as a string. */
        INTEGER,
        /** A list of usernames. */
        NAME_LIST
    }

    /** A bad value: its kind of badness (the row of the summary table) and a label; null node: the field is left out. */
    record Value(String category, String label, JsonNode node) {
    }

    static final String MISSING = "missing fields";
    static final String WRONG_TYPE = "wrong JSON types";
    static final String NULL = "null values";
    static final String EMPTY = "empty and blank strings";
    static final String SQL = "SQL fragments";
    static final String SCRIPT = "script fragments";
    static final String CONTROL = "control characters (escaped)";
    static final String UNICODE = "odd Unicode (lone surrogate, RTL override, full-width, emoji)";
    static final String LONG = "over-long strings";
    static final String NUMBERS = "bad numbers (negative, fraction, overflow, 1e400)";
    static final String ENCODING = "bad encodings (base64url, UUID)";
    static final String TEMPLATES = "format, template and path strings";
    static final String LISTS = "bad lists";

    /** Longer than any field (a 64 KiB vault or ciphertext is 87,382 base64url characters), under the body limit. */
    static final int OVER_LONG = 100_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BadValues() {
    }

    /**
     * Bad values for a field of this kind; {@code base} is its valid value, {@code bytes} the decoded length of a KEY.
     * {@code optional} fields may be left out or null, so those two are not among the values.
     */
    static List<Value> of(Kind kind, JsonNode base, int bytes, boolean optional) {
        List<Value> values = new ArrayList<>();
        if (!optional) {
            values.add(new Value(MISSING, "field left out", null));
            values.add(new Value(NULL, "null", NODES.nullNode()));
        }
        if (kind == Kind.NAME_LIST) {
            values.addAll(lists(base));
            return values;
        }
        values.addAll(wrongTypes(kind, base));
        values.addAll(strings(kind));
        if (kind == Kind.KEY) {
            values.add(new Value(ENCODING, "one byte short", text(base64(bytes - 1))));
            values.add(new Value(ENCODING, "one byte long", text(base64(bytes + 1))));
            values.add(new Value(ENCODING, "padded", text(base64(bytes) + "=")));
        }
        if (kind == Kind.KEY || kind == Kind.BLOB) {
            values.add(new Value(ENCODING, "standard base64 alphabet",
                    text("+/+/+/+/" + base64(Math.max(bytes, 24)).substring(8))));
            values.add(new Value(ENCODING, "not base64", text("!!!!****")));
            values.add(new Value(ENCODING, "impossible length", text("AAAAA")));
        }
        if (kind == Kind.UUID) {
            values.add(new Value(ENCODING, "not a UUID", text("not-a-uuid")));
            values.add(new Value(ENCODING, "UUID in braces", text("{" + UUID.randomUUID() + "}")));
            values.add(new Value(ENCODING, "UUID with a tail", text(UUID.randomUUID() + "0")));
            values.add(new Value(ENCODING, "nil UUID (nobody)", text(new UUID(0, 0).toString())));
            values.add(new Value(ENCODING, "random UUID (nothing)", text(UUID.randomUUID().toString())));
        }
        if (kind == Kind.INTEGER) {
            values.add(new Value(NUMBERS, "-1", NODES.numberNode(-1)));
            values.add(new Value(NUMBERS, "0", NODES.numberNode(0)));
            values.add(new Value(NUMBERS, "1.5", NODES.numberNode(1.5)));
            values.add(new Value(NUMBERS, "2^53", NODES.numberNode(9_007_199_254_740_992L)));
            values.add(new Value(NUMBERS, "2^63", NODES.numberNode(new BigInteger("9223372036854775808"))));
            values.add(new Value(NUMBERS, "1e400", NODES.numberNode(new BigDecimal("1e400"))));
        }
        return values;
    }

    private static List<Value> wrongTypes(Kind kind, JsonNode base) {
        List<Value> values = new ArrayList<>();
        if (kind == Kind.INTEGER) {
            values.add(new Value(WRONG_TYPE, "the valid number as a string", text(base.asText())));
            values.add(new Value(WRONG_TYPE, "string", text("abc")));
        } else {
            // Numbers that no text field may hold even when read as text: a minus sign and a point.
            values.add(new Value(WRONG_TYPE, "number -1", NODES.numberNode(-1)));
            values.add(new Value(WRONG_TYPE, "number 1.5", NODES.numberNode(1.5)));
        }
        values.add(new Value(WRONG_TYPE, "true", NODES.booleanNode(true)));
        values.add(new Value(WRONG_TYPE, "empty array", NODES.arrayNode()));
        values.add(new Value(WRONG_TYPE, "array of the valid value", NODES.arrayNode().add(base)));
        values.add(new Value(WRONG_TYPE, "empty object", NODES.objectNode()));
        values.add(new Value(WRONG_TYPE, "object", NODES.objectNode().set("value", base)));
        return values;
    }

    /** Strings that are wrong for every kind of field (a TEXT field's valid values are letters and digits). */
    private static List<Value> strings(Kind kind) {
        List<Value> values = new ArrayList<>();
        values.add(new Value(EMPTY, "empty", text("")));
        values.add(new Value(EMPTY, "blank", text("   ")));
        values.add(new Value(SQL, "' OR 1=1 --", text("' OR 1=1 --")));
        values.add(new Value(SQL, "\"; DROP TABLE", text("x\"; DROP TABLE account; --")));
        values.add(new Value(SQL, "pg_sleep", text("1; SELECT pg_sleep(10); --")));
        values.add(new Value(SCRIPT, "<script>", text("<script>alert(1)</script>")));
        values.add(new Value(SCRIPT, "<img onerror>", text("\"><img src=x onerror=alert(1)>")));
        values.add(new Value(CONTROL, "NUL inside", text("abc\u0000def")));
        values.add(new Value(CONTROL, "C0 and DEL", text("\u0001\u0008\u001b\u007f")));
        values.add(new Value(CONTROL, "CR LF header injection", text("abc\r\nX-Injected: 1")));
        values.add(new Value(UNICODE, "lone surrogate", text("abc\ud800def")));
        values.add(new Value(UNICODE, "RTL override", text("\u202eabcdef")));
        values.add(new Value(UNICODE, "full-width letters", text("ａｌｉｃｅ１")));
        values.add(new Value(UNICODE, "emoji", text("\uD83D\uDE00".repeat(8))));
        values.add(new Value(LONG, OVER_LONG + " characters", text("A".repeat(OVER_LONG))));
        values.add(new Value(TEMPLATES, "format string", text("%s%s%s%n%x")));
        values.add(new Value(TEMPLATES, "JNDI lookup", text("${jndi:ldap://127.0.0.1:1/x}")));
        values.add(new Value(TEMPLATES, "template", text("{{7*7}}#{7*7}")));
        values.add(new Value(TEMPLATES, "path traversal", text("../../../../etc/passwd")));
        if (kind == Kind.TEXT || kind == Kind.TOKEN) {
            values.add(new Value(LONG, "1,000 letters", text("a".repeat(1000))));
        }
        return values;
    }

    /** For a list of usernames: bad lists, and each bad string alone and beside a valid name (all or none). */
    private static List<Value> lists(JsonNode base) {
        List<Value> values = new ArrayList<>();
        JsonNode validName = base.get(0);
        values.add(new Value(WRONG_TYPE, "a name, not a list", validName));
        values.add(new Value(WRONG_TYPE, "number", NODES.numberNode(-1)));
        values.add(new Value(WRONG_TYPE, "object", NODES.objectNode().set("0", validName)));
        values.add(new Value(LISTS, "empty list", NODES.arrayNode()));
        values.add(new Value(LISTS, "list of null", NODES.arrayNode().addNull()));
        values.add(new Value(LISTS, "nested list", NODES.arrayNode().add(NODES.arrayNode().add(validName))));
        values.add(new Value(LISTS, "list of objects", NODES.arrayNode().add(NODES.objectNode().set("username", validName))));
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < 101; i++) {
            many.add("nobody" + i);
        }
        values.add(new Value(LISTS, "101 names", many));
        ArrayNode tenThousand = NODES.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            tenThousand.add("nobody" + i);
        }
        values.add(new Value(LISTS, "10,000 names", tenThousand));
        for (Value bad : strings(Kind.TEXT)) {
            values.add(new Value(bad.category(), "[" + bad.label() + "]", NODES.arrayNode().add(bad.node())));
            if (!bad.category().equals(EMPTY)) {
                // Blank entries are skipped by design (unticked boxes); anything else must fail the whole selection.
                values.add(new Value(bad.category(), "[valid name, " + bad.label() + "]",
                        NODES.arrayNode().add(validName).add(bad.node())));
            }
        }
        values.add(new Value(WRONG_TYPE, "[valid name, number -1]", NODES.arrayNode().add(validName).add(-1)));
        values.add(new Value(WRONG_TYPE, "[valid name, true]", NODES.arrayNode().add(validName).add(true)));
        return values;
    }

    static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    static String base64(int bytes) {
        byte[] value = new byte[bytes];
        new Random(bytes).nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}

package dev.parley.client.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading the protocol's JSON objects strictly: duplicate keys and trailing content are refused,
 * and an object must have exactly the expected keys, so that what was read is all there was.
 */
final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    static ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * @throws ProtocolFormatException naming only what was read: Jackson's own message quotes the input, which can be
     *                                 a decrypted vault with its private key, so it is not chained
     */
    static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolFormatException(what + " is not valid JSON (" + json.length() + " characters)");
        }
    }

    static ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ProtocolFormatException(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@code node} as an object with exactly {@code keys}, no more and no fewer. */
    static ObjectNode objectWithKeys(JsonNode node, String what, Set<String> keys) {
        ObjectNode object = object(node, what);
        Set<String> actual = new TreeSet<>();
        object.properties().forEach(member -> actual.add(member.getKey()));
        if (!actual.equals(new TreeSet<>(keys))) {
            throw new ProtocolFormatException(what + " must have exactly the keys " + new TreeSet<>(keys) + ", got " + actual);
        }
        return object;
    }

    static String string(ObjectNode object, String key, String what) {
        JsonNode value = object.get(key);
        if (value == null || !value.isTextual()) {
            throw new ProtocolFormatException(what + "." + key + " must be a string");
        }
        return value.textValue();
    }

    /** An integer as canonical JSON reads numbers (see {@link CanonicalJson#safeInteger}). */
    static long integer(ObjectNode object, String key, String what) {
        JsonNode value = object.get(key);
        if (value == null || !value.isNumber()) {
            throw new ProtocolFormatException(what + "." + key + " must be an integer");
        }
        return CanonicalJson.safeInteger(value);
    }
}

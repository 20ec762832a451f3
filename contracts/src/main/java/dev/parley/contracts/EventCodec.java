package dev.parley.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON encoding of events. Unknown fields are ignored on read, so a producer may add fields to a payload without
 * breaking older consumers; a change that is not additive gets a new version.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventCodec() {
    }

    public static String encode(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an envelope; a value that is not one fails with {@link MalformedEventException}. */
    public static EventEnvelope decode(String json) {
        try {
            EventEnvelope envelope = MAPPER.readValue(json, EventEnvelope.class);
            if (envelope == null) {
                throw new MalformedEventException("empty event");
            }
            return envelope;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not an event: " + e.getMessage());
        }
    }

    public static EventEnvelope decode(byte[] json) {
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    static JsonNode toTree(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEventException("payload is not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** An event value that cannot be read. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}

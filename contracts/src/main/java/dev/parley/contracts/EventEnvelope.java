package dev.parley.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What travels on a topic: a small immutable event with a type, a version of that type's payload, a unique id (for
 * idempotent consumers), the time it happened, and the payload itself.
 */
public record EventEnvelope(String type, int version, UUID id, Instant time, JsonNode data) {

    public EventEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /** Wraps a payload in a new envelope with a fresh id. */
    public static EventEnvelope of(EventPayload payload, Instant time) {
        EventType meta = typeOf(payload.getClass());
        return new EventEnvelope(meta.name(), meta.version(), UUID.randomUUID(), time, EventCodec.toTree(payload));
    }

    public boolean is(Class<? extends EventPayload> payloadType) {
        EventType meta = typeOf(payloadType);
        return meta.name().equals(type) && meta.version() == version;
    }

    /** The payload as its record; fails when this envelope holds another type. */
    public <T extends EventPayload> T data(Class<T> payloadType) {
        if (!is(payloadType)) {
            throw new IllegalArgumentException("Event " + id + " is " + type + " v" + version + ", not "
                    + typeOf(payloadType).name());
        }
        return EventCodec.fromTree(data, payloadType);
    }

    private static EventType typeOf(Class<?> payloadType) {
        EventType meta = payloadType.getAnnotation(EventType.class);
        if (meta == null) {
            throw new IllegalArgumentException(payloadType.getName() + " has no @EventType");
        }
        return meta;
    }
}

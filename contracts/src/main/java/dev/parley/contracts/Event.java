package dev.parley.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An event as a consumer reads it from its topic ({@link EventTopic#decode}): the envelope's id (for idempotent
 * consumers) and time, and its payload as one of the types the topic carries.
 */
public record Event<P extends EventPayload>(UUID id, Instant time, P payload) {

    /**
     * A consumer's check that a payload has the fields it needs: one without them is a malformed record, skipped like
     * any other. Each consumer checks the fields it uses, as a producer may leave out others.
     */
    public static void requireFilled(Object... fields) {
        if (Stream.of(fields).anyMatch(Objects::isNull)) {
            throw new EventCodec.MalformedEventException("a required field is missing");
        }
    }
}

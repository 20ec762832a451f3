package dev.parley.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as a consumer reads it from its topic ({@link EventTopic#decode}): the envelope's id (for idempotent
 * consumers) and time, and its payload as one of the types the topic carries.
 */
public record Event<P extends EventPayload>(UUID id, Instant time, P payload) {
}

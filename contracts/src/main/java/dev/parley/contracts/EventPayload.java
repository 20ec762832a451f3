package dev.parley.contracts;

/** The payload of an event; each implementation is a record annotated with {@link EventType}. */
public interface EventPayload {
}

package dev.parley.outbox;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

@EventType(name = "test.noted")
public record Noted(String note) implements EventPayload {
}

package dev.parley.presence.service;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection opened or closed on a chat instance, as announced on the connections topic.
 *
 * @param eventId the announcing event's id, so an event read twice is applied once
 * @param at      when it happened, by the chat instance's clock
 */
public record ConnectionChange(UUID eventId, boolean opened, UUID userId, String instanceId, String connectionId,
        Instant at) {
}

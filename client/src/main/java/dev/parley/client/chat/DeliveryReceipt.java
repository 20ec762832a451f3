package dev.parley.client.chat;

import java.time.Instant;
import java.util.UUID;

/** The friend's client has every message the user sent in the conversation up to {@code upTo}. */
public record DeliveryReceipt(UUID conversationId, UUID upTo, Instant deliveredAt) {
}

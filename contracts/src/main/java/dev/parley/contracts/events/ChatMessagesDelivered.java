package dev.parley.contracts.events;

import java.time.Instant;
import java.util.UUID;

import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventType;

/**
 * The recipient's client confirmed it received a conversation's messages up to one message (chat-messages topic,
 * keyed by conversation id), so the sender can be shown they were delivered.
 *
 * @param senderId    whose messages were delivered: the member the receipt goes to
 * @param recipientId the member whose client confirmed them
 * @param upTo        the newest message confirmed; every earlier message of the sender in the conversation is
 *                    delivered too
 */
@EventType(name = "chat.messages-delivered", version = 1)
public record ChatMessagesDelivered(UUID conversationId, UUID senderId, UUID recipientId, UUID upTo,
        Instant deliveredAt) implements EventPayload {
}

package dev.parley.chat.service;

import java.util.UUID;

import org.hibernate.id.uuid.UuidVersion7Strategy;

/**
 * The ids clients see for stored messages: time-ordered UUIDs (version 7, RFC 9562; the millisecond of creation, then
 * random bits from a SecureRandom). Random (version 4) ids put each new message at a random place in the unique
 * index on {@code public_id}, so every insert dirtied a different index page: a page read back once the index
 * outgrew memory, and a full page image in the WAL for each one after every checkpoint. Ordered ids go to the
 * index's newest page. The time they carry is the one each message is shown with anyway ({@code storedAt}).
 */
final class MessageIds {

    private MessageIds() {
    }

    static UUID next() {
        return UuidVersion7Strategy.INSTANCE.generateUuid(null);
    }
}

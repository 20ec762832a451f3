package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One account's choices about typing indicators and read receipts. Both are reciprocal: off, the user neither shows
 * them to friends nor sees them from friends. An account without a row has both on.
 */
@Entity
@Table(name = "chat_settings")
public class ChatSettings extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "typing_indicators", nullable = false)
    public boolean typingIndicators = true;

    @Column(name = "read_receipts", nullable = false)
    public boolean readReceipts = true;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The settings of an account that never changed them. */
    public static ChatSettings defaults(UUID userId) {
        ChatSettings settings = new ChatSettings();
        settings.userId = userId;
        return settings;
    }
}

package dev.parley.chat;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One member's side of a conversation: who the other member is, and how far this member has read. */
@Entity
@Table(name = "conversation_member")
@IdClass(ConversationMember.Key.class)
public class ConversationMember extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "conversation_id")
    public UUID conversationId;

    @Column(name = "friend_id", nullable = false)
    public UUID friendId;

    /** Internal id of the newest message this member has read; 0 before any. */
    @Column(name = "read_up_to", nullable = false)
    public long readUpTo;

    /**
     * Internal id of the newest message the friend may be told this member has read (it follows {@link #readUpTo}
     * only while this member has read receipts on); 0 before any.
     */
    @Column(name = "read_receipt_up_to", nullable = false)
    public long readReceiptUpTo;

    /** When {@link #readReceiptUpTo} last moved; null before it did. */
    @Column(name = "read_receipt_at")
    public Instant readReceiptAt;

    public static class Key implements Serializable {

        public UUID userId;
        public UUID conversationId;

        public Key() {
        }

        public Key(UUID userId, UUID conversationId) {
            this.userId = userId;
            this.conversationId = conversationId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(userId, key.userId)
                    && Objects.equals(conversationId, key.conversationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, conversationId);
        }
    }
}

package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A stored message: the client's envelope exactly as it sealed it, which the server cannot read, with what the
 * server adds (ids, time, delivery).
 */
@Entity
@Table(name = "message")
public class ChatMessage extends PanacheEntityBase {

    /** Orders a conversation's messages; cursors and read markers use it, clients never see it. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The id clients see. */
    @Column(name = "public_id", nullable = false, unique = true)
    public UUID publicId;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversationId;

    @Column(name = "sender_id", nullable = false)
    public UUID senderId;

    /** The sender's device id from the envelope header (base64url), part of the chain position. */
    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(nullable = false)
    public long seq;

    /** The envelope JSON ({@code header}, {@code nonce}, {@code ciphertext}). */
    @Column(nullable = false)
    public String envelope;

    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;

    /** When the recipient's client confirmed it has the message; null until then. */
    @Column(name = "delivered_at")
    public Instant deliveredAt;
}

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
 * A stored group message: the sender's envelope exactly as sealed, with a wrap of its key for every other member of
 * the epoch it names, which the server cannot open, and what the server adds (ids, time).
 */
@Entity
@Table(name = "group_message")
public class GroupMessage extends PanacheEntityBase {

    /** Orders a group's messages; cursors and watermarks use it, clients never see it. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The id clients see. */
    @Column(name = "public_id", nullable = false, unique = true)
    public UUID publicId;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    @Column(name = "sender_id", nullable = false)
    public UUID senderId;

    /** The sender's device id from the envelope header (base64url), part of the chain position. */
    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(nullable = false)
    public long seq;

    /** The membership version the message was sealed for: the group's epoch when it was stored. */
    @Column(nullable = false)
    public int epoch;

    /** The envelope JSON ({@code header}, {@code nonce}, {@code ciphertext}, {@code keys}). */
    @Column(nullable = false)
    public String envelope;

    @Column(name = "stored_at", nullable = false)
    public Instant storedAt;
}

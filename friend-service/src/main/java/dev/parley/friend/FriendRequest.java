package dev.parley.friend;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A friend request from one user to another. Who sent it to whom is sealed; the blind indexes find it by sender,
 * by recipient and by pair without naming anyone.
 */
@Entity
@Table(name = FriendRequest.TABLE)
public class FriendRequest extends PanacheEntityBase {

    /** Also part of what each sealed value is bound to. */
    public static final String TABLE = "friend_request";

    public enum Status {
        PENDING, APPROVED, REJECTED
    }

    /** Random, so it reveals nothing; the sender cancels by it. */
    @Id
    public UUID id;

    @Column(name = "sender_index", nullable = false)
    public byte[] senderIndex;

    @Column(name = "recipient_index", nullable = false)
    public byte[] recipientIndex;

    @Column(name = "pair_index", nullable = false)
    public byte[] pairIndex;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** Sender and recipient ids, AES-GCM encrypted and bound to this row's id. */
    @Column(nullable = false)
    public byte[] sealed;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the recipient approved or rejected it; null while pending. */
    @Column(name = "decided_at")
    public Instant decidedAt;
}

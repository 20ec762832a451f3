package dev.parley.friend;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One member's side of a friendship: each friendship is two rows, one per member, so a member's friends are found
 * by the member's blind index alone. The row seals the member and the friend.
 */
@Entity
@Table(name = Friendship.TABLE)
public class Friendship extends PanacheEntityBase {

    /** Also part of what each sealed value is bound to. */
    public static final String TABLE = "friendship";

    @Id
    public UUID id;

    @Column(name = "pair_index", nullable = false)
    public byte[] pairIndex;

    @Column(name = "member_index", nullable = false)
    public byte[] memberIndex;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** Member and friend ids, AES-GCM encrypted and bound to this row's id. */
    @Column(nullable = false)
    public byte[] sealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A 1:1 conversation; {@code userA} sorts before {@code userB}, so a pair of users has exactly one. */
@Entity
@Table(name = "conversation")
public class Conversation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_a", nullable = false)
    public UUID userA;

    @Column(name = "user_b", nullable = false)
    public UUID userB;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean hasMember(UUID userId) {
        return userA.equals(userId) || userB.equals(userId);
    }

    /** The member who is not {@code userId} (one of the two). */
    public UUID otherMember(UUID userId) {
        return userA.equals(userId) ? userB : userA;
    }
}

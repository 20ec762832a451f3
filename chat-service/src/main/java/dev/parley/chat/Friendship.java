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

/** The latest state of a pair of users as the friendships topic gave it; {@code userA} sorts before {@code userB}. */
@Entity
@Table(name = "friendship")
@IdClass(Friendship.Pair.class)
public class Friendship extends PanacheEntityBase {

    @Id
    @Column(name = "user_a")
    public UUID userA;

    @Id
    @Column(name = "user_b")
    public UUID userB;

    @Column(nullable = false)
    public boolean friends;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    /** The key of a pair: both ids in a fixed order, as the table stores them. */
    public static class Pair implements Serializable {

        public UUID userA;
        public UUID userB;

        public Pair() {
        }

        public Pair(UUID userA, UUID userB) {
            this.userA = userA;
            this.userB = userB;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && Objects.equals(userA, pair.userA) && Objects.equals(userB, pair.userB);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userA, userB);
        }
    }
}

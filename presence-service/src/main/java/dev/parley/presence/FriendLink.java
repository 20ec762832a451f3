package dev.parley.presence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One direction of a friendship, projected from the friendships topic: {@code friendId} is a friend of
 * {@code userId}.
 */
@Entity
@Table(name = "friend_link")
@IdClass(FriendLink.Key.class)
public class FriendLink extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "friend_id")
    public UUID friendId;

    @Column(nullable = false)
    public Instant since;

    public record Key(UUID userId, UUID friendId) implements Serializable {
    }
}

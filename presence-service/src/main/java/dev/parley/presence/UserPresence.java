package dev.parley.presence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's presence as last announced on the presence-changes topic. */
@Entity
@Table(name = "user_presence")
public class UserPresence extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public boolean online;

    /** When the user was last connected; null until they first go offline. */
    @Column(name = "last_seen")
    public Instant lastSeen;
}

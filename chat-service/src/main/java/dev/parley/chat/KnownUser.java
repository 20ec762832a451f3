package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user as the users topic last described them: the name shown to friends and their identity public key. */
@Entity
@Table(name = "known_user")
public class KnownUser extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String username;

    /** X25519 identity public key, base64url; clients derive the conversation key from it. */
    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

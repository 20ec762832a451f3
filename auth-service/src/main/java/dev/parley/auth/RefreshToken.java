package dev.parley.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One refresh token, stored as a hash. Tokens of one login form a family: each use rotates to a new token of the
 * family, and a rotated token used again revokes the family (someone kept a copy).
 */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false, unique = true)
    public byte[] tokenHash;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}

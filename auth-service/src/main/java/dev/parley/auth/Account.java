package dev.parley.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user account: who they are, how their authKey is checked, and their public key and sealed vault. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    /** As first typed, shown to users. */
    @Column(nullable = false)
    public String username;

    /** Lower-case; unique, so "Alice1" and "alice1" are one account. */
    @Column(name = "username_canonical", nullable = false, unique = true)
    public String usernameCanonical;

    @Column(name = "kdf_iterations", nullable = false)
    public int kdfIterations;

    @Column(name = "auth_hash", nullable = false)
    public byte[] authHash;

    @Column(name = "auth_salt", nullable = false)
    public byte[] authSalt;

    @Column(name = "argon2_memory_kib", nullable = false)
    public int argon2MemoryKib;

    @Column(name = "argon2_iterations", nullable = false)
    public int argon2Iterations;

    @Column(name = "argon2_parallelism", nullable = false)
    public int argon2Parallelism;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(nullable = false)
    public byte[] vault;

    @Column(name = "vault_version", nullable = false)
    public long vaultVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

package dev.parley.friend;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An account the users topic said was deleted: its still unexpired tokens are refused, not asked to wait. */
@Entity
@Table(name = "deleted_user")
public class DeletedUser extends PanacheEntityBase {

    @Id
    public UUID id;

    /** When this service learned of the deletion. */
    @Column(name = "deleted_at", nullable = false)
    public Instant deletedAt;
}

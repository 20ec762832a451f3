package dev.parley.friend;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user as the users topic last described them: the projection that turns usernames into ids and back. */
@Entity
@Table(name = "known_user")
public class KnownUser extends PanacheEntityBase {

    @Id
    public UUID id;

    /** As first typed, shown to users. */
    @Column(nullable = false)
    public String username;

    /** Lower-case, so a username is found whatever its case. */
    @Column(name = "username_canonical", nullable = false, unique = true)
    public String usernameCanonical;

    /** The snapshot's own time: an older snapshot never replaces a newer one. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

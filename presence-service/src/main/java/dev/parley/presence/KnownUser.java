package dev.parley.presence;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's name as the users topic last described them, so the friend list can show it. */
@Entity
@Table(name = "known_user")
public class KnownUser extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String username;
}

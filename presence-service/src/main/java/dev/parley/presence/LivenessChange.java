package dev.parley.presence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A chat instance died or came back, and the presence of its users is still to be recounted. */
@Entity
@Table(name = "liveness_change")
public class LivenessChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "instance_id", nullable = false)
    public String instanceId;

    @Column(nullable = false)
    public boolean alive;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}

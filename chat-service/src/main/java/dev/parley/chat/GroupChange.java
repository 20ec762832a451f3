package dev.parley.chat;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One line of a group's membership record: who ({@code actorId}) did what ({@code kind}) to whom ({@code subjectId},
 * for added, removed and left), the epoch after it and, for created and renamed, the name after it.
 */
@Entity
@Table(name = "group_change")
public class GroupChange extends PanacheEntityBase {

    /** What happened; the wire string is stored and sent. */
    public enum Kind {
        CREATED, ADDED, REMOVED, LEFT, RENAMED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Orders a group's changes; never shown (clients page with {@link #publicId}). */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "public_id", nullable = false, unique = true)
    public UUID publicId;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    /** {@link Kind#wire()}: stored as text, which the table's CHECK constraint limits to the kinds. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "actor_id", nullable = false)
    public UUID actorId;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(nullable = false)
    public int epoch;

    public String name;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}

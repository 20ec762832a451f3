package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A group conversation: its name and membership version ({@code epoch}, raised by every add, remove or leave). The
 * creator is the one member who may remove others; null once they left.
 */
@Entity
@Table(name = "chat_group")
public class ChatGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "creator_id")
    public UUID creatorId;

    @Column(nullable = false)
    public int epoch;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the newest change was made; a member's groups are listed by it. */
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}

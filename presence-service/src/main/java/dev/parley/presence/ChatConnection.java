package dev.parley.presence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A user's open WebSocket on a chat instance. */
@Entity
@Table(name = "chat_connection")
@IdClass(ChatConnection.Key.class)
public class ChatConnection extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Id
    @Column(name = "connection_id")
    public String connectionId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    public record Key(String instanceId, String connectionId) implements Serializable {
    }
}

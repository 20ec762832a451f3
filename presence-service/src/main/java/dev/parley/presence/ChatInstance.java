package dev.parley.presence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A chat-service instance and whether it is alive; its connections count only while it is. */
@Entity
@Table(name = "chat_instance")
public class ChatInstance extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Column(nullable = false)
    public boolean alive;

    /** The instance's own time of its latest heartbeat: the last seen of its users when it dies. */
    @Column(name = "alive_at", nullable = false)
    public Instant aliveAt;

    /** presence-service's time of the latest heartbeat, from which the TTL runs. */
    @Column(name = "heard_at", nullable = false)
    public Instant heardAt;
}

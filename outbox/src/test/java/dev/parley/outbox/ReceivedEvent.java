package dev.parley.outbox;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** What the test consumer applied: one row per event it handled. */
@Entity
@Table(name = "received_event")
public class ReceivedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "record_key")
    public String recordKey;

    public String note;
}

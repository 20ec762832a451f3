package dev.parley.friend.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Keys;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.friend.service.UsersProjection;
import dev.parley.outbox.EventConsumer;
import dev.parley.outbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;

/**
 * Feeds the users topic into the {@link UsersProjection}: a snapshot records a user, once per event id, and a
 * tombstone deletes them. A snapshot without id, username or time is skipped, as is any record that cannot be read;
 * one that cannot be applied (the database is down) is tried again until it is ({@link EventConsumer}).
 */
@ApplicationScoped
public class UsersConsumer {

    private final UsersProjection projection;
    private final EventConsumer<UserSnapshot> users;

    UsersConsumer(UsersProjection projection, ProcessedEvents processedEvents) {
        this.projection = projection;
        this.users = EventConsumer.of(EventTopic.USERS, this::apply)
                .onTombstone(key -> projection.remove(Keys.userId(key)))
                .once(processedEvents, UsersProjection.CONSUMER);
    }

    @Incoming("users")
    @ActivateRequestContext
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return users.consume(record);
    }

    private Uni<Void> apply(Event<UserSnapshot> event) {
        UserSnapshot snapshot = event.payload();
        Event.requireFilled(snapshot.userId(), snapshot.username(), snapshot.updatedAt());
        return projection.apply(snapshot);
    }
}

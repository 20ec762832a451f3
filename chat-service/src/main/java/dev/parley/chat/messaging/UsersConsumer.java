package dev.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.chat.service.GroupChangeAnnouncer;
import dev.parley.chat.service.UsersProjection;
import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Keys;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.outbox.EventConsumer;
import io.smallrye.mutiny.Uni;

/**
 * The compacted users topic into the {@link UsersProjection}: a snapshot records a user, a tombstone deletes the
 * account's conversations and takes it out of its groups (whose members are told once that committed). All instances share one consumer group: the projection lives in the shared database, so
 * each record needs applying once, and applying one twice is harmless, so no event ids are remembered. A record that
 * cannot be applied (the database is down) is tried again until it is ({@link EventConsumer}).
 */
@ApplicationScoped
public class UsersConsumer {

    private final EventConsumer<UserSnapshot> users;

    UsersConsumer(UsersProjection projection, GroupChangeAnnouncer announcer) {
        this.users = EventConsumer.of(EventTopic.USERS, event -> {
            UserSnapshot snapshot = event.payload();
            Event.requireFilled(snapshot.userId(), snapshot.username(), snapshot.updatedAt());
            return projection.apply(snapshot);
        }).onTombstone(key -> projection.remove(Keys.userId(key))
                .invoke(announcer::announce)
                .replaceWithVoid());
    }

    @Incoming("users")
    @ActivateRequestContext
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return users.consume(record);
    }
}

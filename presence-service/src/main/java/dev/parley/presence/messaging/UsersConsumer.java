package dev.parley.presence.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Keys;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.outbox.EventConsumer;
import dev.parley.presence.service.UsersProjection;
import io.smallrye.mutiny.Uni;

/** The compacted users topic (keyed by user id): usernames, and tombstones for deleted accounts. */
@ApplicationScoped
public class UsersConsumer {

    private final EventConsumer<UserSnapshot> users;

    UsersConsumer(UsersProjection projection) {
        this.users = EventConsumer.of(EventTopic.USERS, event -> {
            UserSnapshot snapshot = event.payload();
            Event.requireFilled(snapshot.userId(), snapshot.username());
            return projection.apply(snapshot);
        }).onTombstone(key -> projection.remove(Keys.userId(key)));
    }

    @Incoming("users")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecord<String, String> record) {
        return users.consume(record);
    }
}

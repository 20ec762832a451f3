package dev.parley.presence.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Keys;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.outbox.EventConsumer;
import dev.parley.presence.service.FriendshipsProjection;
import io.smallrye.mutiny.Uni;

/** The compacted friendships topic (keyed by the pair), projected into who may see whose presence. */
@ApplicationScoped
public class FriendshipsConsumer {

    private final EventConsumer<FriendshipState> friendships;

    FriendshipsConsumer(FriendshipsProjection projection) {
        this.friendships = EventConsumer.of(EventTopic.FRIENDSHIPS, event -> {
            FriendshipState state = event.payload();
            Event.requireFilled(state.userA(), state.userB(), state.changedAt());
            return projection.apply(state);
        }).onTombstone(key -> {
            Keys.Pair pair = Keys.unpair(key);
            return projection.remove(pair.first(), pair.second());
        });
    }

    @Incoming("friendships")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecord<String, String> record) {
        return friendships.consume(record);
    }
}

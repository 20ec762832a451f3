package dev.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.chat.service.FriendshipsProjection;
import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.outbox.EventConsumer;
import io.smallrye.mutiny.Uni;

/**
 * The compacted friendships topic into the {@link FriendshipsProjection}, shared by all instances as the users topic
 * is ({@link UsersConsumer}). Friend-service never deletes a pair's key (an ended friendship is a state with
 * {@code friends} false), so tombstones are skipped.
 */
@ApplicationScoped
public class FriendshipsConsumer {

    private final EventConsumer<FriendshipState> friendships;

    FriendshipsConsumer(FriendshipsProjection projection) {
        this.friendships = EventConsumer.of(EventTopic.FRIENDSHIPS, event -> {
            FriendshipState state = event.payload();
            Event.requireFilled(state.userA(), state.userB(), state.changedAt());
            return projection.apply(state);
        });
    }

    @Incoming("friendships")
    @ActivateRequestContext
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return friendships.consume(record);
    }
}

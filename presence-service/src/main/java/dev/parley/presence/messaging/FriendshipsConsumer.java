package dev.parley.presence.messaging;

import static dev.parley.presence.messaging.Records.requireFilled;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.presence.service.FriendshipProjection;
import io.smallrye.mutiny.Uni;

/** The compacted friendships topic (keyed by the pair), projected into who may see whose presence. */
@ApplicationScoped
public class FriendshipsConsumer {

    private static final Logger LOG = Logger.getLogger(FriendshipsConsumer.class);

    private final FriendshipProjection friendships;

    FriendshipsConsumer(FriendshipProjection friendships) {
        this.friendships = friendships;
    }

    @Incoming("friendships")
    @ActivateRequestContext
    Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Records.handle(record, () -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // The pair's key is both user ids joined by ':' (Keys.pair).
            String[] pair = String.valueOf(record.key()).split(":", 2);
            if (pair.length != 2) {
                throw new EventCodec.MalformedEventException("not a pair key");
            }
            return friendships.forget(Records.uuid(pair[0]), Records.uuid(pair[1]));
        }
        EventEnvelope event = EventCodec.decode(record.value());
        if (!event.is(FriendshipState.class)) {
            LOG.debugf("Ignoring %s v%d event %s", event.type(), event.version(), event.id());
            return Uni.createFrom().voidItem();
        }
        FriendshipState state = event.data(FriendshipState.class);
        requireFilled(state.userA(), state.userB(), state.changedAt());
        return friendships.apply(state);
    }
}

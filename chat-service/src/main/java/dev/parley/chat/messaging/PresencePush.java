package dev.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.outbox.EventConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Pushes presence-service's online/offline changes to the user's friends, and only to them. Every instance reads
 * the whole topic (a consumer group of its own) and tells the friends whose sockets it holds. A push that fails is
 * not tried again: by then it may be stale, and a client reads its friends' presence when its socket opens.
 */
@ApplicationScoped
public class PresencePush {

    private final FriendshipRepository friendships;
    private final LocalSockets sockets;
    private final FrameWriter frames;
    private final EventConsumer<PresenceChanged> changes;

    PresencePush(FriendshipRepository friendships, LocalSockets sockets, FrameWriter frames) {
        this.friendships = friendships;
        this.sockets = sockets;
        this.frames = frames;
        this.changes = EventConsumer.of(EventTopic.PRESENCE_CHANGES, this::push).notRetried();
    }

    @Incoming("presence-changes")
    @ActivateRequestContext
    public Uni<Void> onPresenceChanged(ConsumerRecord<String, String> record) {
        if (sockets.count() == 0) {
            return Uni.createFrom().voidItem();
        }
        return changes.consume(record);
    }

    private Uni<Void> push(Event<PresenceChanged> event) {
        PresenceChanged change = event.payload();
        return friendships.friendsOf(change.userId())
                .invoke(friends -> {
                    String frame = frames.write(new Frames.Presence(change.userId(), change.online(), change.lastSeen()));
                    friends.forEach(friend -> sockets.sendTo(friend, frame));
                })
                .replaceWithVoid();
    }
}

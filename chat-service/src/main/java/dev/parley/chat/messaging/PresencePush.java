package dev.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.contracts.events.PresenceChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Pushes presence-service's online/offline changes to the user's friends, and only to them. Every instance reads
 * the whole topic (a consumer group of its own) and tells the friends whose sockets it holds.
 */
@ApplicationScoped
public class PresencePush {

    private final FriendshipRepository friendships;
    private final LocalSockets sockets;
    private final FrameWriter frames;

    PresencePush(FriendshipRepository friendships, LocalSockets sockets, FrameWriter frames) {
        this.friendships = friendships;
        this.sockets = sockets;
        this.frames = frames;
    }

    @Incoming("presence-changes")
    @ActivateRequestContext
    public Uni<Void> onPresenceChanged(ConsumerRecord<String, String> record) {
        if (record.value() == null || sockets.count() == 0) {
            return Uni.createFrom().voidItem();
        }
        return Records.payload(record, PresenceChanged.class)
                .map(change -> Panache.withSession(() -> friendships.friendsOf(change.userId()))
                        .invoke(friends -> {
                            String frame = frames.write(new Frames.Presence(change.userId(), change.online(), change.lastSeen()));
                            friends.forEach(friend -> sockets.sendTo(friend, frame));
                        })
                        .replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}

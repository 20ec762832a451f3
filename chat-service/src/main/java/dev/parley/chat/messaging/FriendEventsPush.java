package dev.parley.chat.messaging;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.Frames.FriendRequest.Change;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.contracts.Event;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.events.FriendEvent;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestApproved;
import dev.parley.contracts.events.FriendRequestCancelled;
import dev.parley.contracts.events.FriendRequestRejected;
import dev.parley.contracts.events.FriendRequestSent;
import dev.parley.outbox.EventConsumer;
import io.smallrye.mutiny.Uni;

/**
 * Tells both users of a friend request or friendship what friend-service did to it, so that every client of theirs
 * that is open updates its requests and friend list at once: the other person's, and the one's own other devices.
 * As with presence, every instance reads the whole topic and tells the users whose sockets it holds; what happened
 * while a client was away it reads from friend-service when its socket opens again.
 */
@ApplicationScoped
public class FriendEventsPush {

    /** A frame and the two users it is for. */
    private record Notice(Object frame, List<UUID> users) {
    }

    /** The notice of each friend event. */
    private static final FriendEvent.Visitor<Notice> NOTICES = new FriendEvent.Visitor<>() {
        @Override
        public Notice sent(FriendRequestSent sent) {
            return request(Change.SENT, sent.requestId(), sent.senderId(), sent.recipientId());
        }

        @Override
        public Notice cancelled(FriendRequestCancelled cancelled) {
            return request(Change.CANCELLED, cancelled.requestId(), cancelled.senderId(), cancelled.recipientId());
        }

        @Override
        public Notice approved(FriendRequestApproved approved) {
            return request(Change.APPROVED, approved.requestId(), approved.senderId(), approved.recipientId());
        }

        @Override
        public Notice rejected(FriendRequestRejected rejected) {
            return request(Change.REJECTED, rejected.requestId(), rejected.senderId(), rejected.recipientId());
        }

        @Override
        public Notice removed(FriendRemoved removed) {
            return new Notice(new Frames.FriendRemoved(removed.userId(), removed.friendId()),
                    List.of(removed.userId(), removed.friendId()));
        }

        private Notice request(Change change, UUID requestId, UUID sender, UUID recipient) {
            return new Notice(new Frames.FriendRequest(change, requestId, sender, recipient),
                    List.of(sender, recipient));
        }
    };

    private final LocalSockets sockets;
    private final FrameWriter frames;
    private final EventConsumer<FriendEvent> events;

    FriendEventsPush(LocalSockets sockets, FrameWriter frames) {
        this.sockets = sockets;
        this.frames = frames;
        this.events = EventConsumer.of(EventTopic.FRIEND_EVENTS, this::push).notRetried();
    }

    @Incoming("friend-events")
    public Uni<Void> onFriendEvent(ConsumerRecord<String, String> record) {
        if (sockets.count() == 0) {
            return Uni.createFrom().voidItem();
        }
        return events.consume(record);
    }

    private Uni<Void> push(Event<FriendEvent> event) {
        Notice notice = event.payload().accept(NOTICES);
        String frame = frames.write(notice.frame());
        notice.users().forEach(user -> sockets.sendTo(user, frame));
        return Uni.createFrom().voidItem();
    }
}

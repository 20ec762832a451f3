package dev.parley.chat.messaging;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.Frames.FriendRequest.Change;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestApproved;
import dev.parley.contracts.events.FriendRequestCancelled;
import dev.parley.contracts.events.FriendRequestRejected;
import dev.parley.contracts.events.FriendRequestSent;

/**
 * Tells both users of a friend request or friendship what friend-service did to it, so that every client of theirs
 * that is open updates its requests and friend list at once: the other person's, and the one's own other devices.
 * As with presence, every instance reads the whole topic and tells the users whose sockets it holds; what happened
 * while a client was away it reads from friend-service when its socket opens again.
 */
@ApplicationScoped
public class FriendEventsPush {

    private static final Logger LOG = Logger.getLogger(FriendEventsPush.class);

    /** A frame and the two users it is for. */
    private record Notice(Object frame, List<UUID> users) {
    }

    private final LocalSockets sockets;
    private final FrameWriter frames;

    FriendEventsPush(LocalSockets sockets, FrameWriter frames) {
        this.sockets = sockets;
        this.frames = frames;
    }

    @Incoming("friend-events")
    public void onFriendEvent(ConsumerRecord<String, String> record) {
        if (record.value() == null || sockets.count() == 0) {
            return;
        }
        Records.event(record).flatMap(event -> notice(record, event)).ifPresent(notice -> {
            String frame = frames.write(notice.frame());
            notice.users().forEach(user -> sockets.sendTo(user, frame));
        });
    }

    private static Optional<Notice> notice(ConsumerRecord<String, String> record, EventEnvelope event) {
        if (event.is(FriendRequestSent.class)) {
            return Records.data(record, event, FriendRequestSent.class)
                    .map(sent -> request(Change.SENT, sent.requestId(), sent.senderId(), sent.recipientId()));
        }
        if (event.is(FriendRequestCancelled.class)) {
            return Records.data(record, event, FriendRequestCancelled.class).map(cancelled -> request(Change.CANCELLED,
                    cancelled.requestId(), cancelled.senderId(), cancelled.recipientId()));
        }
        if (event.is(FriendRequestApproved.class)) {
            return Records.data(record, event, FriendRequestApproved.class).map(approved -> request(Change.APPROVED,
                    approved.requestId(), approved.senderId(), approved.recipientId()));
        }
        if (event.is(FriendRequestRejected.class)) {
            return Records.data(record, event, FriendRequestRejected.class).map(rejected -> request(Change.REJECTED,
                    rejected.requestId(), rejected.senderId(), rejected.recipientId()));
        }
        if (event.is(FriendRemoved.class)) {
            return Records.data(record, event, FriendRemoved.class).map(removed -> new Notice(
                    new Frames.FriendRemoved(removed.userId(), removed.friendId()),
                    List.of(removed.userId(), removed.friendId())));
        }
        LOG.debugf("Skipped a %s event on %s", event.type(), record.topic());
        return Optional.empty();
    }

    private static Notice request(Change change, UUID requestId, UUID sender, UUID recipient) {
        return new Notice(new Frames.FriendRequest(change, requestId, sender, recipient), List.of(sender, recipient));
    }
}

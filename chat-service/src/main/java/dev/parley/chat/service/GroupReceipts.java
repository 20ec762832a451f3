package dev.parley.chat.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.GroupReceiptStore;
import dev.parley.chat.repository.GroupReceiptStore.Moved;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import io.smallrye.mutiny.Uni;

/**
 * How far each member of a group got: their client's delivery confirmations and their read marker, each a watermark
 * that only moves forward. Whoever may hear of a move is told live (like 1:1 receipts: a frame lost with its instance
 * is in the history's {@code receipts}).
 */
@ApplicationScoped
public class GroupReceipts {

    private final GroupReceiptStore store;
    private final LiveDelivery delivery;
    private final FrameWriter frames;
    private final Clock clock;

    GroupReceipts(GroupReceiptStore store, LiveDelivery delivery, FrameWriter frames, Clock clock) {
        this.store = store;
        this.delivery = delivery;
        this.frames = frames;
        this.clock = clock;
    }

    /**
     * The member's client has the group's messages up to {@code upTo}: their delivered watermark moves there, and the
     * senders of the messages it newly covers get a {@code group-delivered} frame. Fails with {@code unknown_group}
     * for a user who is not a member now, {@code unknown_message} for a message not in the group.
     */
    public Uni<Void> confirmDelivered(UUID userId, UUID groupId, UUID upTo) {
        Instant now = now();
        return store.confirmDelivered(groupId, userId, upTo).invoke(moved -> {
            requireFound(moved);
            tell(moved.told(), new Frames.GroupDelivered(groupId, userId, upTo, now));
        }).replaceWithVoid();
    }

    /**
     * The user has read the group up to {@code upTo}: their read marker moves there (never back); with read receipts
     * on, the marker the others may see moves too, and every other member with read receipts on gets a
     * {@code group-read} frame. Fails like {@link #confirmDelivered}.
     */
    public Uni<Void> markRead(UUID userId, UUID groupId, UUID upTo) {
        Instant now = now();
        return store.markRead(groupId, userId, upTo, now).invoke(moved -> {
            requireFound(moved);
            tell(moved.told(), new Frames.GroupRead(groupId, userId, upTo, now));
        }).replaceWithVoid();
    }

    private void tell(List<UUID> recipients, Frames.ServerFrame frame) {
        if (recipients.isEmpty()) {
            return;
        }
        String text = frames.write(frame);
        recipients.forEach(recipient -> delivery.deliverWithoutWaiting(new LiveDelivery.Frame(recipient, null, text)));
    }

    private static void requireFound(Moved moved) {
        if (!moved.member()) {
            throw GroupService.unknownGroup();
        }
        if (!moved.messageFound()) {
            throw unknownMessage();
        }
    }

    static ApiException unknownMessage() {
        return new ApiException(404, ErrorCode.UNKNOWN_MESSAGE, "Unknown message.");
    }

    /** PostgreSQL keeps microseconds: a time told live must equal the one read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

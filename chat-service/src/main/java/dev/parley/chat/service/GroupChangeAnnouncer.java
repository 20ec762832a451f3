package dev.parley.chat.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.GroupChange;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;

/**
 * Tells the open sockets of everyone a committed group change concerns, on every instance, with a
 * {@code group-changed} frame. Live only, like receipts: a client that was away reads the group and its record again.
 */
@ApplicationScoped
public class GroupChangeAnnouncer {

    private final LiveDelivery delivery;
    private final FrameWriter frames;

    GroupChangeAnnouncer(LiveDelivery delivery, FrameWriter frames) {
        this.delivery = delivery;
        this.frames = frames;
    }

    /** Call after the change committed: a frame must never tell of a change that could still roll back. */
    public void announce(GroupChanged changed) {
        String frame = frames.write(new Frames.GroupChanged(changed.group().id(), changed.change().epoch,
                line(changed.change())));
        for (UUID recipient : changed.recipients()) {
            delivery.deliverWithoutWaiting(new LiveDelivery.Frame(recipient, null, frame));
        }
    }

    public void announce(List<GroupChanged> changes) {
        changes.forEach(this::announce);
    }

    public static Frames.GroupChangeLine line(GroupChange change) {
        return new Frames.GroupChangeLine(change.publicId, change.kind, change.epoch, change.actorId,
                change.subjectId, change.name, change.changedAt);
    }
}

package dev.parley.loadgen;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.client.chat.GroupSendReceipt;
import dev.parley.client.chat.SendReceipt;
import dev.parley.client.crypto.DeviceId;

/**
 * Every message a run sent, by its chain position, and what the server answered: the message id of its ack, or a
 * failure. What {@link HistoryCheck} compares the stored history with.
 * <p>
 * A run's devices are new, so each chain starts at seq 1 and the n-th message a device sends in a conversation or
 * group has seq n (the client seals in send order, PROTOCOL.md §4; a group message sealed again after
 * {@code stale_epoch} keeps its seq).
 */
final class SendLedger {

    /** Where a message sits: one (conversation or group, sender, device) chain, one seq in it. */
    record Position(UUID conversationId, UUID senderId, DeviceId device, long seq) {
    }

    /** The server's answer to one send: the stored message's id, a failure, or neither while none came. */
    record Outcome(UUID messageId, boolean failed) {
        boolean acked() {
            return messageId != null;
        }
    }

    private static final Outcome WAITING = new Outcome(null, false);

    /** Per conversation, every send's position and outcome. */
    private final Map<UUID, Map<Position, Outcome>> sends = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Sends a side's n-th message of the run (seq n, its devices being new), whose text is the time it was due, and
     * records it.
     */
    void send(PairClients.Side side, long nth, long intendedNanos) {
        record(new Position(side.conversation().id(), side.user().userId(), side.device(), nth),
                side.conversation().send("t" + intendedNanos).thenApply(SendReceipt::messageId));
    }

    /**
     * Sends a group member's n-th message of the run, whose text is the time it was due, and records it; returns
     * the stored message's id, when the server acknowledged it.
     */
    CompletableFuture<UUID> send(GroupClients.Member member, long nth, long intendedNanos) {
        return record(new Position(member.group().id(), member.user().userId(), member.device(), nth),
                member.group().send("t" + intendedNanos).thenApply(GroupSendReceipt::messageId));
    }

    /** Records a send; its outcome arrives with the stored message's id, or the failure. */
    private CompletableFuture<UUID> record(Position position, CompletableFuture<UUID> stored) {
        Map<Position, Outcome> conversation = sends.computeIfAbsent(position.conversationId(),
                id -> new ConcurrentHashMap<>());
        conversation.put(position, WAITING);
        sent.incrementAndGet();
        stored.whenComplete((messageId, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
                conversation.put(position, new Outcome(null, true));
            } else {
                acked.incrementAndGet();
                conversation.put(position, new Outcome(messageId, false));
            }
        });
        return stored;
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    /** Sends with neither an ack nor a failure yet. */
    long waiting() {
        return sent.get() - acked.get() - failed.get();
    }

    /** Every send in one conversation and what the server answered, as it stands now. */
    Map<Position, Outcome> sendsIn(UUID conversationId) {
        return Map.copyOf(sends.getOrDefault(conversationId, Map.of()));
    }
}

package dev.parley.loadgen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages that several recipients each receive (a group message, by every other member): which receipt is the last
 * one, so that a message's latency can run to it, and what is still missing. Safe for concurrent receipts.
 */
final class Fanout {

    /** Per message not yet received by all, how many receipts it still waits for. */
    private final Map<String, AtomicInteger> awaited = new ConcurrentHashMap<>();

    /** A message that {@code recipients} clients are to receive; called before any of them can. */
    void expect(String message, int recipients) {
        awaited.put(message, new AtomicInteger(recipients));
    }

    /** One recipient has the message; true when it was the last one awaited (false for one not expected). */
    boolean received(String message) {
        AtomicInteger missing = awaited.get(message);
        if (missing == null || missing.decrementAndGet() != 0) {
            return false;
        }
        awaited.remove(message);
        return true;
    }

    /** Messages that some recipient has not received. */
    long incomplete() {
        return awaited.size();
    }

    /** Receipts still missing, over all messages. */
    long missing() {
        return awaited.values().stream().mapToLong(AtomicInteger::get).sum();
    }
}

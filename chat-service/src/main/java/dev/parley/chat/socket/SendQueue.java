package dev.parley.chat.socket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A socket's send frames, handled one at a time in the order they came, with at most {@code capacity} waiting.
 * <p>
 * websockets-next hands a socket's frames to the endpoint one at a time and queues the rest without limit (it cannot
 * pause the socket), so a client that sends faster than its messages are stored would pile frames up in this
 * service's memory. Sends therefore leave websockets-next's queue at once for this one: still one store at a time per
 * socket and in order, but past the capacity a frame is refused (the caller answers the retryable {@code overloaded})
 * instead of kept.
 * <p>
 * A send that waited runs on the Vert.x context its frame arrived on, as it would have without the queue (the store
 * may open a Hibernate Reactive session, which belongs to a context), not on whichever thread finished the send
 * before it.
 */
final class SendQueue {

    private record Waiting(Supplier<Uni<Void>> send, Context context) {
    }

    private final int capacity;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private boolean running;
    private boolean closed;

    SendQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Runs the send now, or once the ones before it are done; false, and nothing queued, when {@code capacity} sends
     * wait already. After {@link #close()} a send is dropped.
     */
    boolean offer(Supplier<Uni<Void>> send) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            if (running) {
                if (waiting.size() >= capacity) {
                    return false;
                }
                waiting.add(new Waiting(send, Vertx.currentContext()));
                return true;
            }
            running = true;
        }
        run(send);
        return true;
    }

    /** Drops what waits: the socket closed, and its client sends it again on its next connection. */
    synchronized void close() {
        closed = true;
        waiting.clear();
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void run(Supplier<Uni<Void>> send) {
        Uni<Void> handled;
        try {
            handled = send.get();
        } catch (RuntimeException e) {
            handled = Uni.createFrom().failure(e);
        }
        handled.subscribe().with(ignored -> next(), failure -> next());
    }

    private void next() {
        Waiting following;
        synchronized (this) {
            following = closed ? null : waiting.poll();
            if (following == null) {
                running = false;
                return;
            }
        }
        if (following.context() == null) {
            run(following.send());
        } else {
            following.context().runOnContext(ignored -> run(following.send()));
        }
    }
}

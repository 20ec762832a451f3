package dev.parley.chat.socket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.chat.delivery.DeliverySlot;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * A clean stop (SIGTERM): no new sockets or frames are taken, every socket is closed with 1001 so that its client
 * reconnects (through the gateway, to another instance), each close is announced (route removed, presence told), the
 * delivery slot is given up, and only then does Quarkus close the pools. Observed early, before anything else stops.
 */
@ApplicationScoped
public class SocketShutdown {

    private static final Logger LOG = Logger.getLogger(SocketShutdown.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    private final OpenConnections connections;
    private final DeliverySlot slot;
    private final AtomicInteger closing = new AtomicInteger();
    private final AtomicBoolean drained = new AtomicBoolean();
    private volatile boolean stopping;

    SocketShutdown(OpenConnections connections, DeliverySlot slot) {
        this.connections = connections;
        this.slot = slot;
    }

    /** Whether the instance is stopping: new sockets and frames are refused. */
    public boolean stopping() {
        return stopping;
    }

    /** A socket's close is being announced; {@link #announced()} follows when that is done, whatever its outcome. */
    void announcing() {
        closing.incrementAndGet();
    }

    void announced() {
        closing.decrementAndGet();
    }

    /**
     * Quarkus announces the shutdown delay (quarkus.shutdown.delay-enabled) before its HTTP server closes the
     * connections (with 1000, as a normal close): this is the moment to close them with 1001 ourselves.
     */
    void drainFirst(@Observes ShutdownDelayInitiatedEvent shutdownDelay) {
        drain();
    }

    /** Without the shutdown delay, the sockets are already closed here; this still waits for their announcements. */
    void drainAtShutdown(@Observes @Priority(1) ShutdownEvent shutdown) {
        drain();
    }

    private void drain() {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        int open = 0;
        for (WebSocketConnection connection : connections.findByEndpointId(ChatEndpoint.ID)) {
            if (connection.isOpen()) {
                open++;
                connection.close(CloseCodes.GOING_AWAY).subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Connection %s did not close cleanly: %s", connection.id(), failure.getMessage()));
            }
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while ((closing.get() > 0 || hasOpenSockets()) && System.nanoTime() < deadline) {
            sleep();
        }
        if (closing.get() > 0 || hasOpenSockets()) {
            LOG.warnf("Stopping with %d socket closes not yet announced", closing.get());
        }
        try {
            slot.release().await().atMost(DRAIN_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Delivery slot not released (it expires by itself): %s", e.getMessage());
        }
        LOG.infof("Closed %d sockets and announced their closes before stopping", open);
    }

    private boolean hasOpenSockets() {
        return connections.findByEndpointId(ChatEndpoint.ID).stream().anyMatch(WebSocketConnection::isOpen);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

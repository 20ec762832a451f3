package dev.parley.chat.socket;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The sockets this instance holds, by user. Every chat message and presence change is looked up here, so it is a
 * map rather than a scan of {@code OpenConnections} (which would visit every socket for every message).
 */
@ApplicationScoped
public class LocalSockets {

    private static final Logger LOG = Logger.getLogger(LocalSockets.class);

    private final Map<UUID, Set<WebSocketConnection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    void add(UUID userId, WebSocketConnection connection) {
        byUser.computeIfAbsent(userId, ignored -> ConcurrentHashMap.newKeySet()).add(connection);
        count.incrementAndGet();
    }

    void remove(UUID userId, WebSocketConnection connection) {
        byUser.computeIfPresent(userId, (ignored, connections) -> {
            if (connections.remove(connection)) {
                count.decrementAndGet();
            }
            return connections.isEmpty() ? null : connections;
        });
    }

    /** Sends a text frame to every socket of the user on this instance; returns how many it went to. */
    public int sendTo(UUID userId, String frame) {
        Set<WebSocketConnection> connections = byUser.get(userId);
        if (connections == null) {
            return 0;
        }
        int sent = 0;
        for (WebSocketConnection connection : connections) {
            if (connection.isOpen()) {
                connection.sendText(frame).subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Frame not sent to connection %s: %s", connection.id(), failure.getMessage()));
                sent++;
            }
        }
        return sent;
    }

    public int count() {
        return count.get();
    }
}

package dev.parley.chat.socket;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.service.ConnectionEvents;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * Closes sockets that must not stay open, and tells presence this instance is alive.
 * <p>
 * SmallRye JWT checks a token only at the upgrade, so a socket whose token expired is closed here (4002) unless the
 * client refreshed it in band. Sockets are pinged (quarkus.websockets-next.server.auto-ping-interval); one that
 * neither answers nor sends anything for too long is closed (4008), so a vanished client does not count as online.
 */
@ApplicationScoped
public class SocketMonitor {

    private static final Logger LOG = Logger.getLogger(SocketMonitor.class);

    private final OpenConnections connections;
    private final LocalSockets sockets;
    private final ConnectionEvents connectionEvents;
    private final long unresponsiveNanos;
    private final SocketShutdown shutdown;

    SocketMonitor(OpenConnections connections, LocalSockets sockets, ConnectionEvents connectionEvents,
            SocketShutdown shutdown, ChatConfig config) {
        this.shutdown = shutdown;
        this.connections = connections;
        this.sockets = sockets;
        this.connectionEvents = connectionEvents;
        this.unresponsiveNanos = config.sockets().unresponsiveAfter().toNanos();
    }

    @Scheduled(every = "${parley.chat.sockets.check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeExpiredAndUnresponsive() {
        Instant now = Instant.now();
        for (WebSocketConnection connection : connections.findByEndpointId(ChatEndpoint.ID)) {
            SocketSession session = SocketSession.of(connection);
            if (session == null || connection.isClosed()) {
                continue;
            }
            if (!now.isBefore(session.tokenExpiresAt())) {
                close(connection, CloseCodes.TOKEN_EXPIRED);
            } else if (session.nanosSinceHeard() > unresponsiveNanos) {
                close(connection, CloseCodes.UNRESPONSIVE);
            }
        }
    }

    @Scheduled(every = "${parley.chat.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        if (shutdown.stopping()) {
            // The database pool closes during shutdown; presence ends this instance by the missing heartbeats.
            return Uni.createFrom().voidItem();
        }
        return connectionEvents.heartbeat(sockets.count())
                .onFailure().invoke(e -> LOG.warnf("Instance heartbeat not written: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private static void close(WebSocketConnection connection, CloseReason reason) {
        LOG.debugf("Closing connection %s: %s", connection.id(), reason.getMessage());
        connection.close(reason).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("Connection %s did not close cleanly: %s", connection.id(), failure.getMessage()));
    }
}

package dev.parley.chat.socket;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.contracts.events.SessionsRevoked;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Closes the sockets of sessions auth-service ended (read by dev.parley.revocations), with
 * {@link CloseCodes#SESSION_REVOKED}: a stolen token's socket does not outlive the logout that was meant to end it.
 */
@ApplicationScoped
public class SocketRevocations {

    private static final Logger LOG = Logger.getLogger(SocketRevocations.class);

    private final OpenConnections connections;

    SocketRevocations(OpenConnections connections) {
        this.connections = connections;
    }

    void close(@Observes SessionsRevoked revoked) {
        Set<String> ended = revoked.sessionIds().stream().map(UUID::toString).collect(Collectors.toSet());
        for (WebSocketConnection connection : connections.findByEndpointId(ChatEndpoint.ID)) {
            SocketSession session = SocketSession.of(connection);
            if (session != null && !connection.isClosed() && ended.contains(session.sessionId())) {
                LOG.debugf("Closing connection %s: its session ended (%s)", connection.id(), revoked.reason());
                connection.close(CloseCodes.SESSION_REVOKED).subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Connection %s did not close cleanly: %s", connection.id(), failure.getMessage()));
            }
        }
    }
}

package dev.parley.chat.socket;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.service.Encodings;
import dev.parley.revocations.RevokedSessions;
import dev.parley.revocations.RevokedTokenCheck;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Decides whether an upgrade to /ws/chat is allowed: the page's Origin must be allowed (when a browser sends one),
 * the client names its device, and the access token (of a session not ended, Authorization header, or for browsers the
 * {@code quarkus-http-upgrade#Authorization#Bearer ...} sub-protocol that Quarkus turns into that header) must be
 * valid. It verifies the token itself, with the service's JWT settings, rather than through Quarkus' lazy HTTP
 * authentication, whose failure would answer the handshake before this check could. What it learns goes into the
 * connection's user data as its {@link SocketSession}.
 */
@ApplicationScoped
public class ChatUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(ChatUpgradeCheck.class);

    private static final String BEARER = "Bearer ";

    private final Set<String> allowedOrigins;
    private final JWTParser tokens;
    private final ChatConfig config;
    private final SocketShutdown shutdown;
    private final RevokedSessions revokedSessions;

    ChatUpgradeCheck(JWTParser tokens, ChatConfig config, SocketShutdown shutdown, RevokedSessions revokedSessions) {
        this.tokens = tokens;
        this.revokedSessions = revokedSessions;
        this.shutdown = shutdown;
        this.config = config;
        this.allowedOrigins = Set.copyOf(config.allowedOrigins());
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ChatEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (shutdown.stopping()) {
            return CheckResult.rejectUpgrade(503);
        }
        String origin = context.httpRequest().getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            LOG.debugf("WebSocket upgrade refused for origin %s", origin);
            return CheckResult.rejectUpgrade(403);
        }
        String deviceId = context.httpRequest().getParam("device");
        if (deviceId == null || !Encodings.isBase64Url(deviceId, Encodings.DEVICE_ID_BYTES)) {
            return CheckResult.rejectUpgrade(400);
        }
        String authorization = context.httpRequest().getHeader("Authorization");
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return CheckResult.rejectUpgrade(401);
        }
        String token = authorization.substring(BEARER.length()).trim();
        // Verifying may fetch the issuer's keys, so it runs off the event loop; the upgrade goes on back on it.
        Context eventLoop = Vertx.currentContext();
        return Uni.createFrom().item(() -> session(token, deviceId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> eventLoop.runOnContext(ignored -> task.run()))
                .map(session -> {
                    if (session == null) {
                        return CheckResult.rejectUpgradeSync(401);
                    }
                    context.userData().put(SocketSession.KEY, session);
                    return CheckResult.permitUpgradeSync();
                });
    }

    /** The session the token opens, or null when it is not a valid access token. */
    private SocketSession session(String encodedToken, String deviceId) {
        JsonWebToken token;
        try {
            token = tokens.parse(encodedToken);
        } catch (ParseException e) {
            return null;
        }
        UUID userId = Encodings.uuidOrNull(token.getSubject());
        String sessionId = token.getClaim(RevokedTokenCheck.SESSION_CLAIM);
        if (userId == null || revokedSessions.isRevoked(sessionId)) {
            return null;
        }
        return new SocketSession(userId, sessionId, deviceId, Instant.ofEpochSecond(token.getExpirationTime()),
                SocketSession.allowance(config.rateLimit().messagesPerSecond(), config.rateLimit().burst()),
                config.sockets().maxWaitingSends(),
                SocketSession.allowance(config.rateLimit().typingPerSecond(), config.rateLimit().typingBurst()));
    }
}

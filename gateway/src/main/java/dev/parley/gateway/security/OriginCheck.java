package dev.parley.gateway.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.error.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * WebSockets are not bound by the same-origin policy: any page a user visits could open one to Parley in their
 * browser. So an upgrade whose Origin is not Parley's own is refused with 403. Requests without Origin come from
 * non-browser clients (the Java client, tools), which no page can make a browser send, and go on.
 * <p>
 * Parley's origins are {@code parley.gateway.allowed-origins}, or, unset, https with the Host the request was sent
 * to: the web client is served by this same gateway. This runs as a route handler before the proxy, because the
 * proxy's interceptors never see a WebSocket handshake.
 */
@Singleton
public class OriginCheck implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(OriginCheck.class);

    private final Optional<Set<String>> configured;

    @Inject
    OriginCheck(GatewayConfig config) {
        this(config.allowedOrigins());
    }

    OriginCheck(Optional<List<String>> allowedOrigins) {
        this.configured = allowedOrigins.map(origins -> origins.stream()
                .map(origin -> normalize(origin).orElseThrow(() -> new IllegalArgumentException(
                        "parley.gateway.allowed-origins: " + origin
                                + " is not an origin like https://parley.example.com")))
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public void handle(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allows(origin, context.request().authority())) {
            context.next();
            return;
        }
        LOG.debugf("Refused a request to %s from origin %s", context.normalizedPath(), origin);
        ErrorBody.send(context.response(), 403, ErrorCode.FORBIDDEN, "Requests from this origin are not allowed.");
    }

    /** Whether a page of this origin may use the gateway reached under this authority (the Host header). */
    boolean allows(String origin, HostAndPort authority) {
        Optional<String> normalized = normalize(origin);
        if (normalized.isEmpty()) {
            return false;
        }
        if (configured.isPresent()) {
            return configured.get().contains(normalized.get());
        }
        return authority != null && normalize("https://" + authority).equals(normalized);
    }

    /** scheme://host[:port] in lower case, without the scheme's default port; empty for "null" and non-origins. */
    static Optional<String> normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (Exception e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null || !bare
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443)
                || ("http".equals(scheme) && port == 80);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}

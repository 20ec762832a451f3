package dev.parley.gateway.routing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Tells the services who the client is: X-Forwarded-For (they rate-limit by it), X-Forwarded-Proto and
 * X-Forwarded-Host.
 * <p>
 * A client's trace context (traceparent, tracestate) is a claim about earlier hops too, and is dropped: with tracing
 * on, the proxied request carries the gateway's own span instead (its tracer adds the header, and the gateway's span
 * continues the client's trace); with tracing off, services never see a trace the client chose.
 * <p>
 * With them goes X-Parley-Gateway, the secret shared with the services, so that they can tell the gateway's headers
 * from those of any other caller that reaches their ports; a client's own copy of it is dropped.
 * <p>
 * The gateway is the edge, so whatever a client claims about earlier hops (Forwarded, X-Forwarded-*, X-Real-IP) is
 * dropped rather than appended to; a service can trust these headers as the gateway's own. When an operator puts a
 * trusted load balancer in front, Quarkus' {@code quarkus.http.proxy.*} settings make the request report that
 * balancer's forwarded client, and that is what is passed on.
 * <p>
 * This runs as a route handler, on the incoming request's headers, because the proxy copies those headers for
 * WebSocket upgrades too, where its interceptors are not applied.
 */
final class ForwardedHeaders implements Handler<RoutingContext> {

    /** Proves to the services that the forwarded headers are the gateway's (auth-service's ClientAddresses). */
    static final String GATEWAY_HEADER = "X-Parley-Gateway";
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";

    private final Optional<String> secret;

    ForwardedHeaders(Optional<String> secret) {
        this.secret = secret.filter(value -> !value.isBlank());
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // Read first: with proxy address forwarding enabled, these are computed from the headers removed below.
        SocketAddress client = request.remoteAddress();
        String scheme = request.scheme();
        HostAndPort authority = request.authority();

        MultiMap headers = request.headers();
        List<String> claimedByClient = headers.names().stream()
                .filter(name -> isAboutEarlierHops(name.toLowerCase(Locale.ROOT)))
                .toList();
        claimedByClient.forEach(headers::remove);

        if (client != null && client.hostAddress() != null) {
            headers.set(FORWARDED_FOR, client.hostAddress());
        }
        headers.set(FORWARDED_PROTO, scheme);
        if (authority != null) {
            headers.set(FORWARDED_HOST, authority.toString());
        }
        headers.remove(GATEWAY_HEADER);
        secret.ifPresent(value -> headers.set(GATEWAY_HEADER, value));
        context.next();
    }

    private static boolean isAboutEarlierHops(String lowerCaseName) {
        return lowerCaseName.equals("forwarded") || lowerCaseName.equals("x-real-ip")
                || lowerCaseName.startsWith("x-forwarded-")
                || lowerCaseName.equals("traceparent") || lowerCaseName.equals("tracestate");
    }
}

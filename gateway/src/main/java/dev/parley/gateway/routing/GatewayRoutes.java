package dev.parley.gateway.routing;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.config.ServiceAddress;
import dev.parley.gateway.error.ErrorBody;
import dev.parley.gateway.error.StatusInBody;
import dev.parley.gateway.limits.RateLimits;
import dev.parley.gateway.limits.RequestBodyLimit;
import dev.parley.gateway.limits.RequestTargetLimit;
import dev.parley.gateway.routing.ServiceProxy.Traffic;
import dev.parley.gateway.security.AccessTokenCheck;
import dev.parley.gateway.security.AccessTokenVerifier;
import dev.parley.gateway.security.OriginCheck;
import dev.parley.gateway.security.SecurityHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's route table: the checks every request to a service passes, then which path prefix goes to which
 * service. Everything else (the web client's static files, health, metrics) is served by Quarkus itself.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    private final GatewayConfig config;
    private final ServiceClients clients;
    private final SecurityHeaders securityHeaders;
    private final StatusInBody statusInBody;
    private final RateLimits rateLimits;
    private final RequestBodyLimit bodyLimit;
    private final RequestTargetLimit targetLimit;
    private final OriginCheck originCheck;
    private final AccessTokenVerifier tokens;
    private final MeterRegistry metrics;
    private final ForwardedHeaders forwardedHeaders;

    GatewayRoutes(GatewayConfig config, ServiceClients clients, SecurityHeaders securityHeaders,
            StatusInBody statusInBody, RateLimits rateLimits, RequestBodyLimit bodyLimit, RequestTargetLimit targetLimit,
            OriginCheck originCheck, AccessTokenVerifier tokens, MeterRegistry metrics) {
        this.config = config;
        this.clients = clients;
        this.securityHeaders = securityHeaders;
        this.statusInBody = statusInBody;
        this.rateLimits = rateLimits;
        this.bodyLimit = bodyLimit;
        this.targetLimit = targetLimit;
        this.originCheck = originCheck;
        this.tokens = tokens;
        this.metrics = metrics;
        this.forwardedHeaders = new ForwardedHeaders(config.forwardingSecret());
    }

    void registerRoutes(@Observes Router router) {
        // First of all, for every path: whoever answers, the answer carries the security headers.
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(securityHeaders);

        // Before anything may refuse an API request: a client that asks gets its refusals as 200 (StatusInBody).
        router.route("/api/*").handler(statusInBody);

        // The checks, cheapest first; a refused request never reaches a service. They are route handlers, before
        // the proxy, because the proxy's interceptors never see a WebSocket handshake.
        router.route("/api/*").handler(rateLimits).handler(targetLimit).handler(bodyLimit)
                .handler(AccessTokenCheck.forRequests(tokens));
        router.route("/ws/*").handler(rateLimits).handler(targetLimit).handler(bodyLimit).handler(originCheck)
                .handler(AccessTokenCheck.forWebSockets(tokens));

        GatewayConfig.Services services = config.services();
        proxyRoute(router, "/api/auth/*", requests(origins("auth", List.of(services.auth()))));
        proxyRoute(router, "/api/friends/*", requests(origins("friend", List.of(services.friend()))));
        proxyRoute(router, "/api/presence/*", requests(origins("presence", List.of(services.presence()))));
        // One view of chat's instances for both routes: an instance found down by either is passed over by both.
        Origins chat = origins("chat", services.chat());
        chat.registerWebSocketGauges(metrics);
        proxyRoute(router, "/api/chat/*", requests(chat));
        proxyRoute(router, "/ws/*", new ServiceProxy(chat, Traffic.WEB_SOCKETS, clients.webSockets(), bodyLimit));

        router.route("/api/*")
                .handler(context -> ErrorBody.send(context.response(), 404, ErrorCode.NOT_FOUND,
                        "No API at this path"));
        router.route("/api/*").failureHandler(GatewayRoutes::answerFailure);
        router.route("/ws/*").failureHandler(GatewayRoutes::answerFailure);
    }

    private Origins origins(String serviceName, List<ServiceAddress> addresses) {
        return new Origins(serviceName, addresses, config.unreachableInstancePause());
    }

    private ServiceProxy requests(Origins origins) {
        return new ServiceProxy(origins, Traffic.REQUESTS, clients.requests(), bodyLimit);
    }

    private void proxyRoute(Router router, String path, ServiceProxy proxy) {
        router.route(path).handler(forwardedHeaders).handler(proxy);
        LOG.infof("Routing %s to %s", path, proxy);
    }

    /** Keeps the JSON error shape, and stack traces away from clients, when a gateway handler itself fails. */
    private static void answerFailure(RoutingContext context) {
        LOG.errorf(context.failure(), "Failed to route %s %s", context.request().method(), context.request().path());
        if (context.response().headWritten()) {
            context.response().close();
        } else {
            ErrorBody.send(context.response(), 500, ErrorCode.INTERNAL_ERROR,
                    "The gateway could not handle this request");
        }
    }
}

package dev.parley.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.error.ErrorBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's route table: which path prefix goes to which service. Everything else (the placeholder page,
 * health, metrics) is served by Quarkus itself.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);

    private final GatewayConfig config;
    private final ServiceClients clients;
    private final ForwardedHeaders forwardedHeaders = new ForwardedHeaders();

    GatewayRoutes(GatewayConfig config, ServiceClients clients) {
        this.config = config;
        this.clients = clients;
    }

    void registerRoutes(@Observes Router router) {
        GatewayConfig.Services services = config.services();
        proxyRoute(router, "/api/auth/*", new ServiceProxy("auth", services.auth(), clients.requests()));
        proxyRoute(router, "/api/friends/*", new ServiceProxy("friend", services.friend(), clients.requests()));
        proxyRoute(router, "/api/presence/*", new ServiceProxy("presence", services.presence(), clients.requests()));
        proxyRoute(router, "/api/chat/*", new ServiceProxy("chat", services.chat(), clients.requests()));
        // Checks on WebSocket upgrades (token, Origin) belong in this route, as handlers before the proxy: the
        // proxy's interceptors never see a handshake.
        proxyRoute(router, "/ws/*", new ServiceProxy("chat", services.chat(), clients.webSockets()));

        router.route("/api/*")
                .handler(context -> ErrorBody.send(context.response(), 404, "not_found", "No API at this path"));
        router.route("/api/*").failureHandler(GatewayRoutes::answerFailure);
        router.route("/ws/*").failureHandler(GatewayRoutes::answerFailure);
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
            ErrorBody.send(context.response(), 500, "internal_error", "The gateway could not handle this request");
        }
    }
}

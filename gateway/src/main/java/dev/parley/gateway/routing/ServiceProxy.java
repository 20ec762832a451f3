package dev.parley.gateway.routing;

import org.jboss.logging.Logger;

import dev.parley.gateway.config.ServiceAddress;
import dev.parley.gateway.error.ErrorBody;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Passes requests, bodies streamed and paths unchanged, to one service, and WebSocket upgrades too (the proxy pipes
 * the upgraded sockets together).
 * <p>
 * When the service cannot be reached an HTTP request gets a 502 in the JSON error shape. A WebSocket handshake gets
 * the proxy's own empty 502 (also when the WebSocket limit is reached): its interceptors are not applied to
 * upgrades, and browsers show scripts neither status nor body of a failed handshake anyway.
 */
final class ServiceProxy implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

    private final String serviceName;
    private final ServiceAddress address;
    private final SocketAddress origin;
    private final HttpProxy proxy;

    ServiceProxy(String serviceName, ServiceAddress address, HttpClient client) {
        this.serviceName = serviceName;
        this.address = address;
        this.origin = SocketAddress.inetSocketAddress(address.port(), address.host());
        this.proxy = HttpProxy.reverseProxy(client)
                .origin(this::connect)
                .addInterceptor(new BadGatewayAsJson());
    }

    @Override
    public void handle(RoutingContext context) {
        proxy.handle(context.request());
    }

    @Override
    public String toString() {
        return "the " + serviceName + " service at " + address;
    }

    private Future<HttpClientRequest> connect(ProxyContext context) {
        return context.client().request(new RequestOptions().setServer(origin))
                .onFailure(failure -> LOG.warnf("Could not reach the %s service at %s for %s %s: %s", serviceName,
                        address, context.request().getMethod(), context.request().proxiedRequest().path(),
                        failure.getMessage()));
    }

    /** Turns a failed exchange with the service (refused, reset, closed early) into the project's 502 answer. */
    private final class BadGatewayAsJson implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(failure -> Future.succeededFuture(context.request()
                    .release()
                    .response()
                    .setStatusCode(502)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE)
                    .setBody(Body.body(ErrorBody.of("bad_gateway",
                            "The " + serviceName + " service is not available")))));
        }
    }
}

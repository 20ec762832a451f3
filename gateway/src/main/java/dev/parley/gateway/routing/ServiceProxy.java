package dev.parley.gateway.routing;

import java.util.Iterator;
import java.util.List;

import org.jboss.logging.Logger;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.error.ErrorBody;
import dev.parley.gateway.limits.LimitedBody;
import dev.parley.gateway.limits.RequestBodyLimit;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Passes requests, bodies streamed and paths unchanged, to an instance of one service, or WebSocket upgrades (the
 * proxy pipes the upgraded sockets together). {@link Origins} says which instance to try first; one that cannot be
 * reached is left for the next, since nothing was sent to it yet.
 * <p>
 * When no instance can be reached an HTTP request gets a 502 in the JSON error shape; a body that grows past the size
 * limit while it streams gets a 413 instead. A WebSocket handshake gets the proxy's own empty 502 (also when the
 * WebSocket limit is reached): its interceptors are not applied to upgrades, and browsers show scripts neither
 * status nor body of a failed handshake anyway. For the same reason the instance is chosen, and a WebSocket counted,
 * where the proxy asks for its connection to the service, which it does for upgrades too.
 */
final class ServiceProxy implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);

    /** What the proxy carries, which decides how it picks an instance. */
    enum Traffic {
        /** HTTP requests, each to the next instance in turn. */
        REQUESTS,
        /** WebSocket upgrades, each to the instance with the fewest open. */
        WEB_SOCKETS
    }

    private final Origins origins;
    private final Traffic traffic;
    private final HttpProxy proxy;
    private final RequestBodyLimit bodyLimit;

    ServiceProxy(Origins origins, Traffic traffic, HttpClient client, RequestBodyLimit bodyLimit) {
        this.origins = origins;
        this.traffic = traffic;
        this.bodyLimit = bodyLimit;
        this.proxy = HttpProxy.reverseProxy(client)
                .origin(this::connect)
                .addInterceptor(new LimitedBodyOrErrorAsJson());
    }

    @Override
    public void handle(RoutingContext context) {
        proxy.handle(context.request());
    }

    @Override
    public String toString() {
        return origins.toString();
    }

    private Future<HttpClientRequest> connect(ProxyContext context) {
        List<Origin> order = traffic == Traffic.WEB_SOCKETS ? origins.forWebSocket() : origins.forRequest();
        return connect(context, order.iterator());
    }

    private Future<HttpClientRequest> connect(ProxyContext context, Iterator<Origin> candidates) {
        Origin origin = candidates.next();
        if (traffic == Traffic.WEB_SOCKETS) {
            // Counted at once, so that upgrades arriving together spread rather than all pick the same instance.
            origins.webSocketOpening(origin);
        }
        return context.client().request(new RequestOptions().setServer(origin.socketAddress())).compose(request -> {
            origins.reached(origin);
            if (traffic == Traffic.WEB_SOCKETS) {
                countWebSocketUntilClosed(origin, request);
            }
            return Future.succeededFuture(request);
        }, failure -> {
            if (traffic == Traffic.WEB_SOCKETS) {
                origins.webSocketClosed(origin);
            }
            origins.unreachable(origin);
            LOG.warnf("Could not reach the %s service at %s for %s %s: %s%s", origins.serviceName(), origin,
                    context.request().getMethod(), context.request().proxiedRequest().path(), failure.getMessage(),
                    candidates.hasNext() ? "; trying another instance" : "");
            return candidates.hasNext() ? connect(context, candidates) : Future.failedFuture(failure);
        });
    }

    /** An upgraded socket counts until its tunnel closes; one the service refused to upgrade, no longer. */
    private void countWebSocketUntilClosed(Origin origin, HttpClientRequest request) {
        request.response().onComplete(answer -> {
            if (answer.succeeded() && answer.result().statusCode() == 101) {
                // The upgraded connection is the tunnel's alone; it closes when either side closes the socket.
                request.connection().closeHandler(closed -> origins.webSocketClosed(origin));
            } else {
                origins.webSocketClosed(origin);
            }
        });
    }

    /**
     * Counts the body streamed to the service, and turns a failed exchange with the service (refused, reset, closed
     * early) into the project's 502 answer, or into a 413 when it failed because the body was too large.
     */
    private final class LimitedBodyOrErrorAsJson implements ProxyInterceptor {

        private static final String REFUSED_AS_TOO_LARGE = "parley.body-too-large";

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest request = context.request();
            Body body = request.getBody();
            LimitedBody limited = body == null ? null : bodyLimit.limit(body.stream());
            if (limited != null) {
                request.setBody(Body.body(limited, body.length()));
                streamChunkedWithoutLength(request.proxiedRequest(), body.length());
            }
            return context.sendRequest().recover(failure -> {
                if (limited != null && limited.exceeded()) {
                    context.set(REFUSED_AS_TOO_LARGE, Boolean.TRUE);
                    HttpServerRequest client = request.proxiedRequest();
                    ProxyResponse refusal = request.release().response().setStatusCode(RequestBodyLimit.STATUS)
                            .setBody(Body.body(bodyLimit.refusalBody()));
                    refusal.headers().addAll(bodyLimit.refusalHeaders(client));
                    return Future.succeededFuture(refusal);
                }
                return Future.succeededFuture(request.release()
                        .response()
                        .setStatusCode(502)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE)
                        .setBody(Body.body(ErrorBody.of(ErrorCode.BAD_GATEWAY,
                                "The " + origins.serviceName() + " service is not available"))));
            });
        }

        /**
         * An HTTP/2 body of unannounced length goes to the HTTP/1.1 service chunked. vertx-http-proxy 4.5 streams a
         * body without length chunked only when the client's headers say "Transfer-Encoding: chunked", which HTTP/2
         * has no use for: without this the service got the request without its body.
         */
        private static void streamChunkedWithoutLength(HttpServerRequest client, long length) {
            if (length < 0 && client.version() == HttpVersion.HTTP_2 && !client.isEnded()) {
                client.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
            }
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            Future<Void> sent = context.sendResponse();
            if (context.get(REFUSED_AS_TOO_LARGE, Boolean.class) != null) {
                HttpServerRequest client = context.request().proxiedRequest();
                sent.onComplete(ignored -> bodyLimit.stopReceiving(client));
            }
            return sent;
        }
    }
}

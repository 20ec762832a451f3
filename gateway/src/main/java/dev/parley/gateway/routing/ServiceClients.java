package dev.parley.gateway.routing;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.parley.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

/**
 * The HTTP clients the gateway reaches the services with, each keeping a connection pool per service instance.
 * <p>
 * WebSockets get a client of their own: a proxied WebSocket keeps its upgraded connection counted in the pool for as
 * long as it is open, so sharing one pool would let open sockets starve ordinary requests.
 */
@Singleton
public class ServiceClients {

    private final HttpClient requests;
    private final HttpClient webSockets;

    ServiceClients(Vertx vertx, GatewayConfig config) {
        int connectTimeoutMillis = Math.toIntExact(config.connectTimeout().toMillis());
        this.requests = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectTimeoutMillis)
                .setMaxPoolSize(config.maxConnectionsPerService()));
        this.webSockets = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectTimeoutMillis)
                .setMaxPoolSize(config.maxWebSocketsPerService())
                // A socket over an instance's limit goes to another at once (or gets 502) rather than waiting there.
                .setMaxWaitQueueSize(0));
    }

    /** For HTTP requests. */
    HttpClient requests() {
        return requests;
    }

    /** For WebSocket upgrades. */
    HttpClient webSockets() {
        return webSockets;
    }

    @PreDestroy
    void close() {
        requests.close();
        webSockets.close();
    }
}

package dev.parley.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for a Parley service: answers every HTTP request with what it received (as JSON), and echoes messages
 * on the WebSocket at {@code /ws/chat}. Every answer names the service and the port it was answered on, which tells
 * instances of one service apart. Like chat-service, it accepts the {@code bearer-token-carrier} sub-protocol.
 * A path ending in {@value #ANSWERS_EARLY} is answered before its body is read. The one playing auth-service also
 * publishes token verification keys ({@link PublishedKeys}).
 */
final class EchoService {

    /** A path ending so is answered at once, without reading the request body. */
    static final String ANSWERS_EARLY = "/answers-early";

    private EchoService() {
    }

    /** Starts a service that names itself {@code name} in every answer, on a random loopback port. */
    static Future<HttpServer> start(Vertx vertx, String name) {
        return start(vertx, name, null, 0);
    }

    /** Starts a service that also serves {@code keys} as its JWKS, as auth-service does. */
    static Future<HttpServer> start(Vertx vertx, String name, PublishedKeys keys) {
        return start(vertx, name, keys, 0);
    }

    /** Starts a service on the given loopback port, 0 for a random one. */
    static Future<HttpServer> start(Vertx vertx, String name, int port) {
        return start(vertx, name, null, port);
    }

    private static Future<HttpServer> start(Vertx vertx, String name, PublishedKeys keys, int port) {
        return vertx.createHttpServer(new HttpServerOptions().addWebSocketSubProtocol("bearer-token-carrier"))
                .requestHandler(request -> {
                    if (keys == null || !keys.handle(request)) {
                        echo(name, request);
                    }
                })
                .webSocketHandler(socket -> echo(name, socket))
                .listen(port, "127.0.0.1");
    }

    private static void echo(String name, HttpServerRequest request) {
        if (request.path().endsWith(ANSWERS_EARLY)) {
            // As an endpoint that reads no body: the answer goes out while the client may still be sending.
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("service", name).put("port", request.localAddress().port())
                            .put("path", request.path()).encode());
            return;
        }
        request.body().onSuccess(body -> request.response()
                .putHeader("Content-Type", "application/json")
                // As a service might: the gateway must not let it be stored anyway.
                .putHeader("Cache-Control", "max-age=600")
                .end(new JsonObject()
                        .put("service", name)
                        .put("port", request.localAddress().port())
                        .put("method", request.method().name())
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("headers", headers(request.headers()))
                        .put("body", body.toString())
                        .encode()));
    }

    private static void echo(String name, ServerWebSocket socket) {
        if (!socket.path().equals("/ws/chat")) {
            socket.close((short) 1008, "unknown endpoint");
            return;
        }
        JsonObject handshakeHeaders = headers(socket.headers());
        socket.textMessageHandler(message -> socket.writeTextMessage(new JsonObject()
                .put("service", name)
                .put("port", socket.localAddress().port())
                .put("path", socket.path())
                .put("headers", handshakeHeaders)
                .put("echo", message)
                .encode()));
    }

    /** Header names in lower case, repeated headers joined with ", " as HTTP allows. */
    private static JsonObject headers(MultiMap headers) {
        JsonObject json = new JsonObject();
        headers.names().forEach(name -> json.put(name.toLowerCase(), String.join(", ", headers.getAll(name))));
        return json;
    }
}

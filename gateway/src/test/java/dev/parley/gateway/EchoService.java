package dev.parley.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for a Parley service: answers every HTTP request with what it received (as JSON), and echoes messages
 * on the WebSocket at {@code /ws/chat}.
 */
final class EchoService {

    private EchoService() {
    }

    /** Starts a service that names itself {@code name} in every answer, on a random loopback port. */
    static Future<HttpServer> start(Vertx vertx, String name) {
        return vertx.createHttpServer()
                .requestHandler(request -> echo(name, request))
                .webSocketHandler(socket -> echo(name, socket))
                .listen(0, "127.0.0.1");
    }

    private static void echo(String name, HttpServerRequest request) {
        request.body().onSuccess(body -> request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("service", name)
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

package dev.parley.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Echo services playing several chat-service instances, which a test may stop (as if the instance had been killed:
 * its sockets close, new connections are refused) and start again on the same port. {@link GatewayTestResource}
 * injects them into the tests that declare a field of this type.
 */
final class ChatInstances {

    private final Vertx vertx;
    private final List<Integer> ports = new ArrayList<>();
    private final List<HttpServer> running = new ArrayList<>();

    private ChatInstances(Vertx vertx) {
        this.vertx = vertx;
    }

    static ChatInstances start(Vertx vertx, int count) {
        ChatInstances instances = new ChatInstances(vertx);
        for (int i = 0; i < count; i++) {
            HttpServer server = join(EchoService.start(vertx, "chat", 0));
            instances.ports.add(server.actualPort());
            instances.running.add(server);
        }
        return instances;
    }

    /** Where each listens, in the order given to the gateway. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The value of {@code parley.gateway.services.chat}. */
    String addresses() {
        return ports.stream().map(port -> "http://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    synchronized void stop(int index) {
        HttpServer server = running.set(index, null);
        if (server != null) {
            join(server.close());
        }
    }

    /** Starts again whichever instances were stopped. */
    synchronized void startStopped() {
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i) == null) {
                running.set(i, join(EchoService.start(vertx, "chat", ports.get(i))));
            }
        }
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}

package dev.parley.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A bare WebSocket to /ws/chat that shows the frames exactly as the server sends them, for tests of the protocol
 * itself (the client library hides acks, errors and resends).
 */
final class RawSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    /** The close code the server sent. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private RawSocket() {
    }

    /** Opens a socket with the token in the Authorization header, as Java clients send it. */
    static RawSocket open(URI chatSocket, String token, String deviceId) {
        return open(chatSocket, HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), deviceId);
    }

    /** Opens a socket with the upgrade request the builder makes (its headers). */
    static RawSocket open(URI chatSocket, WebSocket.Builder builder, String deviceId) {
        RawSocket raw = new RawSocket();
        raw.socket = builder.buildAsync(address(chatSocket, deviceId), raw).join();
        return raw;
    }

    /** Tries an upgrade and returns the HTTP status it was refused with, or 101 when it was accepted. */
    static int upgradeStatus(URI chatSocket, WebSocket.Builder builder, String deviceId) {
        try {
            WebSocket accepted = builder.buildAsync(address(chatSocket, deviceId), new RawSocket())
                    .get(10, TimeUnit.SECONDS);
            accepted.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The socket's ws:// address (tests are given the http:// one) for a device. */
    private static URI address(URI chatSocket, String deviceId) {
        return URI.create(chatSocket.toString().replaceFirst("^http", "ws") + "?device=" + deviceId);
    }

    static WebSocket.Builder builder() {
        return HTTP.newWebSocketBuilder();
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** The next frame the server sent that matches, skipping others (presence, ...); fails after 10 s. */
    JsonNode next(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (true) {
                JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("No matching frame within 10 s");
                }
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode next(String type) {
        return next(frame -> type.equals(frame.path("type").asText()));
    }

    /** The frames that arrived within this time and match; the others are skipped. */
    List<JsonNode> within(Duration time, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + time.toNanos();
        List<JsonNode> matching = new ArrayList<>();
        try {
            for (JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS); frame != null;
                    frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                if (wanted.test(frame)) {
                    matching.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return matching;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}

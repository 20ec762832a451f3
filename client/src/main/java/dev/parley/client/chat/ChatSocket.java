package dev.parley.client.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One WebSocket to /ws/chat that reopens itself: after any close but a rejected token (4003), an ended session
 * (4001) or {@link #close()},
 * it reconnects with growing pauses (250 ms doubling to 10 s, with jitter), asking for a current access token each
 * time. A connect that fails moves on to the next of the {@link Servers}, so a client given several instances
 * reaches a running one. It only moves text: frames in and out, in order.
 */
final class ChatSocket implements WebSocket.Listener {

    /** Where the text frames and closes go; called one at a time, in order. */
    interface Handler {
        /** @param connection the connection the frame came on, for {@link ChatSocket#isCurrent(int)} */
        void onText(String frame, int connection);

        void onClosed(int code, String reason, boolean reconnecting);
    }

    static final int TOKEN_REJECTED = 4003;
    /** The server revoked the session (logout elsewhere, logout everywhere, password change): no token will do. */
    static final int SESSION_ENDED = 4001;
    private static final int ABNORMAL_CLOSURE = 1006;
    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long LONGEST_PAUSE_MILLIS = 10_000;

    private final HttpClient http;
    private final Servers servers;
    private final Function<URI, URI> socketAddress;
    private final Supplier<String> accessToken;
    private final Handler handler;
    private final ScheduledExecutorService timer;
    private final StringBuilder partial = new StringBuilder();

    private WebSocket socket;
    /** How many connections were opened so far: the number of the latest one. */
    private int connections;
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
    private int failedAttempts;
    private boolean closed;

    /** @param socketAddress the WebSocket URL at a server address */
    ChatSocket(HttpClient http, Servers servers, Function<URI, URI> socketAddress, Supplier<String> accessToken,
            Handler handler, ScheduledExecutorService timer) {
        this.http = http;
        this.servers = servers;
        this.socketAddress = socketAddress;
        this.accessToken = accessToken;
        this.handler = handler;
        this.timer = timer;
    }

    void open() {
        String token;
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            token = accessToken.get();
        } catch (RuntimeException e) {
            // No token now (offline, refresh failed): try again later, like any failed connect.
            lost(ABNORMAL_CLOSURE, "no access token: " + e.getMessage());
            return;
        }
        URI server = servers.current();
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(socketAddress.apply(server), this)
                .whenComplete((opened, failure) -> {
                    if (failure != null) {
                        servers.failed(server);
                        lost(ABNORMAL_CLOSURE, "could not connect to " + server + ": " + failure.getMessage());
                    }
                });
    }

    /** The server said the socket is ready: later losses start again from the shortest pause. */
    synchronized void established() {
        failedAttempts = 0;
    }

    synchronized boolean isOpen() {
        return socket != null;
    }

    /** Whether that connection is the open one, rather than one closed since. */
    synchronized boolean isCurrent(int connection) {
        return socket != null && connection == connections;
    }

    /** Sends a frame after the ones before it; fails when the socket is not open. */
    synchronized CompletableFuture<Void> send(String frame) {
        WebSocket current = socket;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        // java.net.http.WebSocket takes one sendText at a time.
        lastSend = lastSend.handle((ignored, failure) -> null)
                .thenCompose(ignored -> current.sendText(frame, true))
                .thenApply(ignored -> null);
        return lastSend;
    }

    void close() {
        WebSocket current;
        synchronized (this) {
            closed = true;
            current = socket;
            socket = null;
        }
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(failure -> {
                current.abort();
                return null;
            });
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            if (closed) {
                webSocket.abort();
                return;
            }
            socket = webSocket;
            connections++;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            int connection;
            synchronized (this) {
                connection = connections;
            }
            handler.onText(frame, connection);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lost(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        lost(ABNORMAL_CLOSURE, String.valueOf(error.getMessage()));
    }

    private void lost(int code, String reason) {
        boolean reconnect;
        long pause;
        synchronized (this) {
            socket = null;
            partial.setLength(0);
            reconnect = !closed && code != TOKEN_REJECTED && code != SESSION_ENDED;
            pause = Math.min(LONGEST_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(failedAttempts, 10));
            failedAttempts++;
        }
        handler.onClosed(code, reason, reconnect);
        if (reconnect) {
            long jittered = (long) (pause * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            timer.schedule(this::open, jittered, TimeUnit.MILLISECONDS);
        }
    }
}

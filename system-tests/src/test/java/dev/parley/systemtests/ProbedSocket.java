package dev.parley.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * A user's chat socket through the gateway for sending bad frames: after each one it sends a valid frame, the
 * user's own stored message again under a client id of its own (the probe), and collects what the server said up to
 * the probe's {@code ack}. Frames are handled in order, one at a time, so what came before that ack is the answer to
 * the bad frame, and the ack shows the socket is still usable. A resent message is answered with the stored one
 * (marked duplicate), so probes store nothing. A socket the server closed is opened again for the next frame (and
 * must say {@code ready} and answer a probe).
 */
final class ProbedSocket implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** What came back for one frame, and whether the socket (or a new one, if it was closed) still works. */
    record Answer(List<RawWebSocket.Frame> frames, boolean usableAfter) {
        /** The close frame, if the server closed the socket. */
        RawWebSocket.Frame close() {
            return frames.stream().filter(RawWebSocket.Frame::isClose).findFirst().orElse(null);
        }

        List<JsonNode> json() {
            return frames.stream().filter(frame -> frame.opcode() == RawWebSocket.TEXT).map(RawWebSocket.Frame::json)
                    .toList();
        }

        @Override
        public String toString() {
            return frames + (usableAfter ? "" : " (unusable afterwards)");
        }
    }

    /** Each socket may send 100 messages at once (then 50 a second); every exchange sends up to two. */
    private static final int EXCHANGES_PER_SOCKET = 40;

    private final SystemStack stack;
    private final TestUser user;
    private final JsonNode storedEnvelope;
    private RawWebSocket socket;
    private int opened;
    private int probes;
    private int exchangesOnSocket;

    /** {@code storedEnvelope}: a message the user sent before, exactly as stored. */
    ProbedSocket(SystemStack stack, TestUser user, String storedEnvelope) {
        this.stack = stack;
        this.user = user;
        try {
            this.storedEnvelope = Gateway.JSON.readTree(storedEnvelope);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** How many sockets were opened so far (a new one after each close, and when asked to). */
    int opened() {
        return opened;
    }

    /** Sends one frame (through {@code send}, any kind of frame) and returns what came back. */
    Answer exchange(Consumer<RawWebSocket> send) {
        if (socket == null || socket.isClosed() || ++exchangesOnSocket > EXCHANGES_PER_SOCKET) {
            reopen();
            exchangesOnSocket = 1;
        }
        try {
            send.accept(socket);
        } catch (UncheckedIOException e) {
            // The server dropped the connection while the frame was still being written (a frame over its limit):
            // the reader reports the end of the connection below.
        }
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        String probe = nextProbeId();
        if (!socket.isClosed()) {
            try {
                socket.sendText(probe(probe));
            } catch (RuntimeException e) {
                // closed meanwhile: the close frame is read below
            }
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            RawWebSocket.Frame frame = socket.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null) {
                return new Answer(frames, false);
            }
            if (isNews(frame)) {
                continue;
            }
            if (frame.isClose()) {
                frames.add(frame);
                return new Answer(frames, reopenWorks());
            }
            if (isAckOf(frame, probe)) {
                return new Answer(frames, frame.json().path("duplicate").asBoolean(false));
            }
            frames.add(frame);
        }
        return new Answer(frames, false);
    }

    private void reopen() {
        close();
        open();
    }

    private boolean reopenWorks() {
        socket.close();
        try {
            open();
            exchangesOnSocket = 0;
            String probe = nextProbeId();
            socket.sendText(probe(probe));
            RawWebSocket.Frame frame = nextIgnoringNews();
            return frame != null && isAckOf(frame, probe);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void open() {
        RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(),
                "/ws/chat?device=" + device(),
                Map.of("Authorization", "Bearer " + user.accessToken()));
        if (upgrade.status() != 101) {
            throw new IllegalStateException("The socket of " + user + " was refused: " + upgrade.status() + " "
                    + upgrade.response().text());
        }
        socket = upgrade.socket();
        opened++;
        RawWebSocket.Frame ready = nextIgnoringNews();
        if (ready == null || !"ready".equals(type(ready))) {
            throw new IllegalStateException("No ready frame on a new socket of " + user + ": " + ready);
        }
    }

    private RawWebSocket.Frame nextIgnoringNews() {
        while (true) {
            RawWebSocket.Frame frame = socket.next(ANSWER_TIMEOUT);
            if (frame == null || !isNews(frame)) {
                return frame;
            }
        }
    }

    private String nextProbeId() {
        return "probe-" + ++probes;
    }

    /** The device the socket is opened with: the stored envelope's, so that its retry is the same send. */
    String device() {
        return storedEnvelope.path("header").path("device").asText();
    }

    private String probe(String id) {
        ObjectNode frame = Gateway.JSON.createObjectNode().put("type", "send")
                .put("id", id);
        frame.set("envelope", storedEnvelope);
        return frame.toString();
    }

    private static boolean isAckOf(RawWebSocket.Frame frame, String probe) {
        return "ack".equals(type(frame)) && probe.equals(frame.json().path("id").asText());
    }

    /**
     * News the server may send at any time, not an answer: friends going online or offline, friend requests and
     * friendships changing (friend-request-sent, ..., friend-removed), a friend typing or having read.
     */
    static boolean isNews(RawWebSocket.Frame frame) {
        String type = type(frame);
        return type != null && (type.equals("presence") || type.startsWith("friend-") || type.equals("typing")
                || type.equals("read"));
    }

    static String type(RawWebSocket.Frame frame) {
        if (frame.opcode() != RawWebSocket.TEXT) {
            return null;
        }
        JsonNode json = frame.json();
        return json == null ? null : json.path("type").asText(null);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}

package dev.parley.client.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Just enough of chat-service for a client: it accepts WebSocket upgrades (RFC 6455 handshake) and answers each with
 * a {@code ready} frame (after {@link #readyDelayMillis}); it refuses the first {@link #failingSends} {@code send}
 * frames with {@link #failureCode} ({@code server_error}) and acknowledges the others (unless not
 * {@link #answering}); it answers any other HTTP request with an empty history page, or what {@link #rest} says.
 * A group send (its header has an {@code epoch}) of another epoch than {@link #groupEpoch} is refused as
 * {@code stale_epoch}; the others are acknowledged with their {@code groupId}. {@link #crash()} drops every connection
 * without a close frame and stops listening, as a killed process does.
 */
final class FakeChatServer implements AutoCloseable {

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket listening;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    /** The request target of every upgrade, such as {@code /ws/chat?device=...}. */
    final List<String> upgrades = new CopyOnWriteArrayList<>();
    /** The {@code send} frames received, in order. */
    final List<JsonNode> sends = new CopyOnWriteArrayList<>();
    volatile int failingSends;
    /** The code those refusals carry. */
    volatile String failureCode = "server_error";
    /** False: sends are kept but not answered, as by a server about to die, or until {@link #answerKept()}. */
    volatile boolean answering = true;
    /** The sends kept unanswered while not answering, each with the connection it came on. */
    private final List<Map.Entry<OutputStream, JsonNode>> kept = new ArrayList<>();
    /** How long after an upgrade the {@code ready} frame comes. */
    volatile long readyDelayMillis;
    /** What every history request is answered with. */
    volatile String historyPage = "{\"messages\":[],\"hasMore\":false}";
    /** When set, the body of the answer to each REST request, by its target; else {@link #historyPage}. */
    volatile Function<String, String> rest;
    /** The group's current epoch, which group sends must name. */
    volatile long groupEpoch = 1;
    /** The frames other than {@code send} received, in order (such as {@code group-delivered}). */
    final List<JsonNode> otherFrames = new CopyOnWriteArrayList<>();
    /** The request target of every REST request, such as {@code /api/chat/conversations/.../messages?limit=200}. */
    final List<String> restRequests = new CopyOnWriteArrayList<>();
    private final List<OutputStream> openSockets = new CopyOnWriteArrayList<>();

    FakeChatServer() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-chat-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/");
    }

    void crash() throws IOException {
        listening.close();
        for (Socket socket : accepted) {
            try {
                socket.setSoLinger(true, 0); // a reset, not an orderly close
            } catch (SocketException closedMeanwhile) {
                // its reader closed it after the client went: nothing left to reset
            }
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        crash();
    }

    /** Closes every open socket as the server does when the session is revoked: close code 4001. */
    void endSession() throws IOException {
        for (OutputStream out : openSockets) {
            synchronized (FakeChatServer.class) {
                out.write(new byte[] {(byte) 0x88, 2, (byte) (4001 >> 8), (byte) (4001 & 0xff)});
                out.flush();
            }
        }
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                accepted.add(socket);
                Thread connection = new Thread(() -> serve(socket), "fake-chat-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String target = null;
            String key = null;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                if (target == null) {
                    target = line.split(" ")[1];
                } else if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            if (key == null) {
                restRequests.add(target);
                Function<String, String> answers = rest;
                byte[] page = (answers == null ? historyPage : answers.apply(target)).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + page.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(page);
                return;
            }
            upgrades.add(target);
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(readyDelayMillis);
            openSockets.add(out);
            write(out, "{\"type\":\"ready\"}");
            for (String frame = readTextFrame(in); frame != null; frame = readTextFrame(in)) {
                JsonNode json = JSON.readTree(frame);
                if ("send".equals(json.path("type").asText())) {
                    sends.add(json);
                    answerOrKeep(out, json);
                } else {
                    otherFrames.add(json);
                }
            }
        } catch (IOException gone) {
            // the client or the test closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answerOrKeep(OutputStream out, JsonNode send) throws IOException {
        synchronized (kept) {
            if (!answering) {
                kept.add(Map.entry(out, send));
                return;
            }
        }
        write(out, answer(send));
    }

    /** Sends a frame to every open socket, as the server relays a message or a receipt. */
    void push(String frame) throws IOException {
        for (OutputStream out : openSockets) {
            write(out, frame);
        }
    }

    /** Answers the sends kept so far, in the order they came, and every later one at once. */
    void answerKept() throws IOException {
        List<Map.Entry<OutputStream, JsonNode>> waiting;
        synchronized (kept) {
            answering = true;
            waiting = new ArrayList<>(kept);
            kept.clear();
        }
        for (Map.Entry<OutputStream, JsonNode> send : waiting) {
            write(send.getKey(), answer(send.getValue()));
        }
    }

    private String answer(JsonNode send) {
        String id = send.path("id").asText();
        if (sends.size() <= failingSends) {
            return "{\"type\":\"error\",\"code\":\"" + failureCode + "\",\"message\":\"try again\",\"id\":\"" + id
                    + "\"}";
        }
        JsonNode header = send.path("envelope").path("header");
        if (header.has("epoch")) {
            if (header.path("epoch").asLong() != groupEpoch) {
                return "{\"type\":\"error\",\"code\":\"stale_epoch\",\"message\":\"the members changed\",\"id\":\""
                        + id + "\",\"epoch\":" + groupEpoch + "}";
            }
            return "{\"type\":\"ack\",\"id\":\"" + id + "\",\"groupId\":\"" + header.path("conv").asText()
                    + "\",\"messageId\":\"" + UUID.randomUUID() + "\",\"storedAt\":\"" + Instant.now()
                    + "\",\"duplicate\":false}";
        }
        return "{\"type\":\"ack\",\"id\":\"" + id + "\",\"conversationId\":\""
                + send.path("envelope").path("header").path("conv").asText() + "\",\"messageId\":\"" + UUID.randomUUID()
                + "\",\"storedAt\":\"" + Instant.now() + "\",\"duplicate\":false}";
    }

    /** Writes an unmasked (servers do not mask), final text frame. */
    private static synchronized void write(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.write(payload);
        out.flush();
    }

    /** The next text frame from the client (masked, as clients send them); null at a close frame or the end. */
    private static String readTextFrame(InputStream in) throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0 || (first & 0x0f) == 0x8) {
                return null;
            }
            long length = second & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
            }
            byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if ((first & 0x0f) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

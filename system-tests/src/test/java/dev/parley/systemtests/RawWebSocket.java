package dev.parley.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A WebSocket client of RFC 6455's bare minimum over {@link RawConnection}, so that a test can send what no
 * well-behaved client library would (text frames of invalid UTF-8, frames over the server's size limit) and see every
 * answer: the handshake's status and body when the upgrade is refused, and each frame, close frames with their codes
 * included. Pings are answered by a reader thread.
 */
final class RawWebSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final int CONTINUATION = 0x0;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A whole message from the server; {@code opcode} -1 when the connection ended without a close frame. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Gateway.JSON.readTree(payload);
            } catch (IOException e) {
                return null;
            }
        }

        boolean isClose() {
            return opcode == CLOSE || opcode == -1;
        }

        /** The close code, 1005 when the close frame had none, 1006 when the connection just ended. */
        int closeCode() {
            if (opcode == -1) {
                return 1006;
            }
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        @Override
        public String toString() {
            return isClose() ? "close " + closeCode() : opcode == TEXT ? text() : "opcode " + opcode;
        }
    }

    /** The handshake's answer: {@code socket} is null unless the status is 101. */
    record Upgrade(RawConnection.Response response, RawWebSocket socket) {
        int status() {
            return response.status();
        }
    }

    private final RawConnection connection;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private RawWebSocket(RawConnection connection) {
        this.connection = connection;
        Thread reader = new Thread(this::readFrames, "raw-websocket-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code /ws/chat?device=...} (or any path) with the given extra headers. */
    static Upgrade connect(SSLContext ssl, URI gateway, String pathAndQuery, Map<String, String> headers) {
        return connect(ssl, gateway, pathAndQuery, headers, null);
    }

    static Upgrade connect(SSLContext ssl, URI gateway, String pathAndQuery, Map<String, String> headers,
            InetAddress from) {
        RawConnection connection = RawConnection.open(ssl, gateway, from);
        try {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Upgrade", "websocket");
            all.put("Connection", "Upgrade");
            all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
            all.put("Sec-WebSocket-Version", "13");
            all.putAll(headers);
            connection.writeRequest("GET", gateway.getHost() + ":" + gateway.getPort(), pathAndQuery, all, null);
            RawConnection.Response head = connection.readResponse(true);
            if (head.status() != 101) {
                RawConnection.Response whole = new RawConnection.Response(head.status(), head.headers(),
                        readBody(connection, head));
                connection.close();
                return new Upgrade(whole, null);
            }
            connection.setReadTimeout(0);
            return new Upgrade(head, new RawWebSocket(connection));
        } catch (IOException e) {
            connection.close();
            throw new UncheckedIOException("The WebSocket handshake failed", e);
        }
    }

    private static byte[] readBody(RawConnection connection, RawConnection.Response head) throws IOException {
        String length = head.header("content-length");
        return length == null ? new byte[0] : connection.in.readNBytes(Integer.parseInt(length));
    }

    void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One whole, masked frame with any opcode and payload: the payload of a text frame is not checked here. */
    synchronized void send(int opcode, byte[] payload) {
        if (closed) {
            throw new IllegalStateException("The socket is closed");
        }
        ByteBuffer head = ByteBuffer.allocate(14);
        head.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            head.put((byte) (0x80 | payload.length));
        } else if (payload.length <= 0xffff) {
            head.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            head.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        head.put(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        try {
            connection.out.write(head.array(), 0, head.position());
            connection.out.write(masked);
            connection.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not send a frame", e);
        }
    }

    /** The next message or close from the server, or null when none came in time. */
    Frame next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void readFrames() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = TEXT;
        try {
            while (true) {
                int first = connection.in.read();
                if (first == -1) {
                    break;
                }
                int second = connection.in.read();
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0f;
                long length = second & 0x7f;
                if (length == 126) {
                    length = ((connection.in.read() & 0xff) << 8) | (connection.in.read() & 0xff);
                } else if (length == 127) {
                    length = ByteBuffer.wrap(connection.in.readNBytes(8)).getLong();
                }
                byte[] payload = connection.in.readNBytes((int) length);
                if (opcode == PING) {
                    send(PONG, payload);
                } else if (opcode == CLOSE) {
                    frames.add(new Frame(CLOSE, payload));
                    if (!closed) {
                        send(CLOSE, payload.length >= 2 ? new byte[] { payload[0], payload[1] } : new byte[0]);
                    }
                    break;
                } else if (opcode != PONG) {
                    if (opcode != CONTINUATION) {
                        messageOpcode = opcode;
                        message.reset();
                    }
                    message.write(payload);
                    if (fin) {
                        frames.add(new Frame(messageOpcode, message.toByteArray()));
                        message.reset();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connection ended: reported below as close 1006
        }
        closed = true;
        frames.add(new Frame(-1, new byte[0]));
        connection.close();
    }

    @Override
    public void close() {
        if (!closed) {
            try {
                send(CLOSE, new byte[] { 0x03, (byte) 0xe8 });
            } catch (RuntimeException e) {
                // already gone
            }
            closed = true;
        }
        connection.close();
    }
}

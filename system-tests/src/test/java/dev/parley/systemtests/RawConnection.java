package dev.parley.systemtests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection to the gateway over TLS (checked against the stack's CA, for the name localhost), from a
 * local address of the caller's choosing: the JDK 17 HTTP client can neither pick its source address nor send the
 * bytes a broken WebSocket client would. Used by {@link RawWebSocket} and by the rate limit test.
 */
final class RawConnection implements AutoCloseable {

    /** A response head and, unless the connection was upgraded, its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Gateway.Answer asAnswer() {
            Map<String, List<String>> all = new LinkedHashMap<>();
            headers.forEach((name, value) -> all.put(name, List.of(value)));
            return new Gateway.Answer(status, all, body);
        }
    }

    private final SSLSocket socket;
    final InputStream in;
    final OutputStream out;

    private RawConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to the gateway's port on 127.0.0.1 from {@code from} (null: any local address). */
    static RawConnection open(SSLContext ssl, URI gateway, InetAddress from) {
        try {
            Socket plain = new Socket();
            if (from != null) {
                plain.bind(new InetSocketAddress(from, 0));
            }
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.getPort()), 5000);
            SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, gateway.getHost(), gateway.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(gateway.getHost())));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] { "http/1.1" });
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(30_000);
            tls.startHandshake();
            return new RawConnection(tls);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not connect to the gateway from " + from, e);
        }
    }

    /** Writes a request head (Host is added) and the body, if any. */
    void writeRequest(String method, String host, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** Reads a response head, and its body unless {@code headOnly} (a 101 has none). */
    Response readResponse(boolean headOnly) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("The connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (first, second) -> first + ", " + second);
        }
        if (headOnly) {
            return new Response(status, headers, new byte[0]);
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked();
        } else {
            body = new byte[0];
        }
        return new Response(status, headers, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine();
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}

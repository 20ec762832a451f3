package dev.parley.systemtests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Requests through the gateway exactly as written: any method, path and query (already percent-encoded), headers and
 * raw body bytes, with or without a length. The answer is kept whole, whatever its status.
 */
final class Gateway {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request. A null body sends none; {@code chunked} hides the length (HTTP/1.1 chunked, HTTP/2 no length). */
    record Request(String method, String pathAndQuery, String accessToken, Map<String, String> headers, byte[] body,
            boolean chunked, boolean http1) {

        static Request of(String method, String pathAndQuery) {
            return new Request(method, pathAndQuery, null, Map.of(), null, false, false);
        }

        Request token(String token) {
            return new Request(method, pathAndQuery, token, headers, body, chunked, http1);
        }

        Request header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, pathAndQuery, accessToken, more, body, chunked, http1);
        }

        Request json(Object body) {
            try {
                return jsonBytes(JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Request jsonBytes(byte[] bytes) {
            return header("Content-Type", "application/json").body(bytes);
        }

        Request body(byte[] bytes) {
            return new Request(method, pathAndQuery, accessToken, headers, bytes, chunked, http1);
        }

        /** Over HTTP/1.1 rather than the HTTP/2 the gateway offers (where a body without length is chunked). */
        Request overHttp1() {
            return new Request(method, pathAndQuery, accessToken, headers, body, chunked, true);
        }

        Request withoutLength() {
            return new Request(method, pathAndQuery, accessToken, headers, body, true, http1);
        }

        /** The JSON text of one field of the body. */
        String bodyField(String name) {
            try {
                return JSON.readTree(body).get(name).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Request withoutHeader(String name) {
            Map<String, String> fewer = new LinkedHashMap<>(headers);
            fewer.remove(name);
            return new Request(method, pathAndQuery, accessToken, fewer, body, chunked, http1);
        }
    }

    /** What came back. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** Far more than any answer takes, even on a busy machine; a request that hangs fails at this point. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;
    private final HttpClient http1;

    Gateway(SystemStack stack) {
        this.base = stack.gatewayUrl();
        this.http = stack.http();
        this.http1 = stack.http1();
    }

    Answer send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()))
                .timeout(TIMEOUT);
        if (request.accessToken() != null) {
            builder.header("Authorization", "Bearer " + request.accessToken());
        }
        request.headers().forEach(builder::header);
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else if (request.chunked()) {
            byte[] bytes = request.body();
            builder.method(request.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        try {
            HttpResponse<byte[]> response = (request.http1() ? http1 : http).send(builder.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + request.method() + " " + abbreviate(request.pathAndQuery()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
    }
}

package dev.parley.client.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON over HTTP to one Parley base address (the gateway, or a service directly), with the API's error shape. */
public final class ApiTransport {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public ApiTransport(URI base, HttpClient http) {
        this(base, http, Duration.ofSeconds(30));
    }

    public ApiTransport(URI base, HttpClient http, Duration timeout) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
    }

    public URI base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    /** Sends a request and reads the answer as {@code type}; null type or a 204 gives null. */
    public <T> T call(String method, String path, String accessToken, Object body, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not reach " + base.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + path, e);
        }
        if (response.statusCode() >= 400) {
            throw error(response);
        }
        if (type == null || response.statusCode() == 204 || response.body().length == 0) {
            return null;
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Unexpected answer from " + path, e);
        }
    }

    private static ApiException error(HttpResponse<byte[]> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            List<String> details = body.has("details")
                    ? JSON.convertValue(body.get("details"), JSON.getTypeFactory().constructCollectionType(List.class, String.class))
                    : List.of();
            return new ApiException(response.statusCode(), body.path("error").asText("request_failed"),
                    body.path("message").asText("The request failed."), details);
        } catch (IOException | RuntimeException e) {
            return new ApiException(response.statusCode(), "request_failed", "HTTP " + response.statusCode(), List.of());
        }
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parley.client.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A test double of the auth API (the server side of PROTOCOL.md 1.1 as the client expects it): one account whose
 * answers a test sets, including ones a malicious server would give, and every request recorded.
 */
final class FakeAuthServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, JsonNode body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final UUID userId = UUID.randomUUID();
    final String username;
    volatile String publicKey;
    volatile int kdfIterations;
    volatile String vault;
    volatile long vaultVersion;
    /** How many vault uploads are answered 409, as when another device uploads first. */
    volatile int conflictingUploads;
    /** Run before a conflicting upload is answered: the other device's upload. */
    volatile Runnable otherDevice = () -> { };
    volatile String deviceTokenToGive;
    /** Kept versions of the vault, by version. */
    final Map<Long, String> keptVaults = new ConcurrentHashMap<>();

    private final HttpServer server;

    FakeAuthServer(String username, String publicKey, int kdfIterations, String vault, long vaultVersion) throws IOException {
        this.username = username;
        this.publicKey = publicKey;
        this.kdfIterations = kdfIterations;
        this.vault = vault;
        this.vaultVersion = vaultVersion;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    ApiTransport transport() {
        return new ApiTransport(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), HttpClient.newHttpClient());
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        JsonNode json = body.length == 0 ? null : JSON.readTree(body);
        requests.add(new Request(method, path, json));
        switch (method + " " + path) {
            case "POST /api/auth/prelogin" -> answer(exchange, 200, JSON.createObjectNode().put("kdfIterations", kdfIterations));
            case "POST /api/auth/login" -> {
                ObjectNode session = JSON.createObjectNode().put("accessToken", "access-token-secret")
                        .put("accessTokenExpiresAt", Instant.now().plusSeconds(900).toString())
                        .put("refreshToken", "refresh-token-secret");
                session.set("account", account());
                if (deviceTokenToGive != null) {
                    session.put("deviceToken", deviceTokenToGive);
                }
                answer(exchange, 200, session);
            }
            case "GET /api/auth/me" -> answer(exchange, 200, account());
            case "PUT /api/auth/vault" -> {
                if (conflictingUploads > 0) {
                    conflictingUploads--;
                    otherDevice.run();
                    answer(exchange, 409, error("vault_conflict", "The vault was changed meanwhile."));
                } else if (json.path("expectedVersion").asLong() != vaultVersion) {
                    answer(exchange, 409, error("vault_conflict", "The vault was changed meanwhile."));
                } else {
                    vault = json.path("vault").asText();
                    vaultVersion++;
                    answer(exchange, 200, JSON.createObjectNode().put("vaultVersion", vaultVersion));
                }
            }
            case "POST /api/auth/password" -> {
                vault = json.path("vault").asText();
                vaultVersion++;
                answer(exchange, 200, account());
            }
            case "DELETE /api/auth/account", "POST /api/auth/session/logout" -> answer(exchange, 204, null);
            default -> {
                if (method.equals("GET") && path.startsWith("/api/auth/vault/versions/")) {
                    String kept = keptVaults.get(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
                    if (kept == null) {
                        answer(exchange, 404, error("not_found", "No such version."));
                    } else {
                        answer(exchange, 200, JSON.createObjectNode().put("version", path.substring(path.lastIndexOf('/') + 1))
                                .put("vault", kept).put("createdAt", Instant.now().toString()));
                    }
                } else {
                    answer(exchange, 404, error("not_found", "No such endpoint."));
                }
            }
        }
    }

    private ObjectNode account() {
        return JSON.createObjectNode().put("userId", userId.toString()).put("username", username)
                .put("publicKey", publicKey).put("kdfIterations", kdfIterations).put("vault", vault)
                .put("vaultVersion", vaultVersion).put("createdAt", Instant.now().toString());
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

package dev.parley.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The fake auth service's JSON Web Key Set: the key {@link TestTokens} signs with, plus keys tests publish later (a
 * key rotation) by POSTing a JWK to {@code /test/keys}. {@code GET /test/jwks-fetches} tells how often the JWKS was
 * fetched. Tests reach these over HTTP, so they need not share this object with the test resource.
 */
final class PublishedKeys {

    static final String JWKS_PATH = "/.well-known/jwks.json";
    static final String PUBLISH_PATH = "/test/keys";
    static final String FETCHES_PATH = "/test/jwks-fetches";

    private final JsonArray keys;
    private final AtomicInteger fetches = new AtomicInteger();

    PublishedKeys() {
        try {
            Path testTokensJwks = Path.of(URI.create(TestTokens.jwksLocation()));
            this.keys = new JsonObject(Files.readString(testTokensJwks)).getJsonArray("keys").copy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers the request if it is one of the key set's; false when it is not. */
    boolean handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.equals(JWKS_PATH)) {
            fetches.incrementAndGet();
            JsonObject jwks;
            synchronized (keys) {
                jwks = new JsonObject().put("keys", keys.copy());
            }
            request.response().putHeader("Content-Type", "application/json").end(jwks.encode());
            return true;
        }
        if (request.method() == HttpMethod.POST && path.equals(PUBLISH_PATH)) {
            request.body().onSuccess(body -> {
                synchronized (keys) {
                    keys.add(new JsonObject(body));
                }
                request.response().setStatusCode(204).end();
            });
            return true;
        }
        if (request.method() == HttpMethod.GET && path.equals(FETCHES_PATH)) {
            request.response().end(String.valueOf(fetches.get()));
            return true;
        }
        return false;
    }
}

package dev.parley.gateway.security;

import java.util.Set;

import io.vertx.core.http.HttpMethod;

/**
 * The API a client uses before it holds an access token, the only requests under /api/ that pass the gateway
 * without one: auth-service's AuthResource, all POST, and each service's OpenAPI document (GET), which describes the
 * API to whoever will use it. Everything else under /api/ and /ws/ needs a valid token.
 * (auth-service's key set, /.well-known/jwks.json, is public too, but the gateway does not route it.)
 */
final class PublicEndpoints {

    static final Set<String> PATHS = Set.of(
            "/api/auth/prelogin",
            "/api/auth/signup",
            "/api/auth/login",
            // With the refresh token in the body, or in the browser's cookie: the access token may have expired.
            "/api/auth/session/refresh",
            "/api/auth/session/logout");

    /** The services' OpenAPI documents (quarkus.smallrye-openapi.path of each). */
    static final Set<String> DOCUMENTS = Set.of(
            "/api/auth/openapi",
            "/api/friends/openapi",
            "/api/presence/openapi",
            "/api/chat/openapi");

    private PublicEndpoints() {
    }

    /** Matched on the exact normalized path: a variant the services might also accept needs a token here. */
    static boolean isPublic(HttpMethod method, String normalizedPath) {
        return HttpMethod.POST.equals(method) && PATHS.contains(normalizedPath)
                || HttpMethod.GET.equals(method) && DOCUMENTS.contains(normalizedPath);
    }
}

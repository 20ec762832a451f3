package dev.parley.auth.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.config.AuthConfig;
import io.vertx.core.http.HttpServerRequest;

/**
 * The address a request comes from, as the login throttle counts it. Behind the gateway that is the client's address
 * in X-Forwarded-For, but only when the request proves it comes from the gateway ({@value #GATEWAY_HEADER} carrying
 * the secret both share): any other local process could otherwise name any address it likes and spread its guesses
 * over made-up ones, or pin failures on somebody else's. Without a configured secret, forwarded headers are ignored.
 */
@ApplicationScoped
class ClientAddresses {

    static final String GATEWAY_HEADER = "X-Parley-Gateway";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final Optional<byte[]> gatewaySecret;

    ClientAddresses(AuthConfig config) {
        this.gatewaySecret = config.gatewaySecret().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8));
    }

    String of(HttpServerRequest request) {
        String forwarded = request.getHeader(FORWARDED_FOR);
        if (forwarded != null && fromGateway(request.getHeader(GATEWAY_HEADER))) {
            // The gateway replaces whatever the client sent with the one address it saw.
            return forwarded.trim();
        }
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private boolean fromGateway(String presented) {
        return presented != null && gatewaySecret.isPresent()
                && MessageDigest.isEqual(gatewaySecret.get(), presented.getBytes(StandardCharsets.UTF_8));
    }
}

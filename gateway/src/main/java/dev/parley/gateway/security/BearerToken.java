package dev.parley.gateway.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Finds the access token of a request: {@code Authorization: Bearer <jwt>}, or, for a WebSocket upgrade from a
 * browser (which cannot set headers on one), the sub-protocol Quarkus reads as that header:
 * {@code Sec-WebSocket-Protocol: bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%20<jwt>}. The
 * header wins when both are there, as in chat-service, which sees the header first.
 */
final class BearerToken {

    private static final String BEARER = "bearer ";
    private static final String HEADER_CARRIER = "quarkus-http-upgrade";
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private BearerToken() {
    }

    /** The token, or null when the request carries none. */
    static String of(HttpServerRequest request, boolean acceptSubprotocolCarrier) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return fromAuthorization(authorization);
        }
        if (!acceptSubprotocolCarrier) {
            return null;
        }
        return fromSubprotocols(String.join(",", request.headers().getAll(SEC_WEBSOCKET_PROTOCOL)));
    }

    static String fromAuthorization(String value) {
        String trimmed = value.trim();
        if (trimmed.length() <= BEARER.length()
                || !trimmed.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        String token = trimmed.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** Reads the sub-protocol list the way Quarkus' WebSocketHeaderPropagationHandler does. */
    static String fromSubprotocols(String protocols) {
        for (String protocol : protocols.split(",")) {
            String trimmed = protocol.trim();
            if (!trimmed.startsWith(HEADER_CARRIER)) {
                continue;
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(trimmed, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            String[] nameAndValue = decoded.split("#");
            if (nameAndValue.length == 3 && nameAndValue[1].equalsIgnoreCase(HttpHeaders.AUTHORIZATION.toString())) {
                return fromAuthorization(nameAndValue[2]);
            }
        }
        return null;
    }
}

package dev.parley.gateway.security;

import java.time.Duration;

import jakarta.inject.Singleton;

import dev.parley.gateway.config.GatewayConfig;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every HTTPS answer carries, whoever wrote it (static files, the services through the proxy, the
 * gateway's own errors, Quarkus' health and 404s): a strict Content Security Policy (the web client is ES modules
 * and style sheets from this origin only, no inline code), HSTS, no sniffing, framing or referrers, no camera,
 * microphone or location, and a Cache-Control that fits the answer.
 * <p>
 * They are set when the response head is written, replacing what a service may have sent, so each is there once.
 */
@Singleton
public class SecurityHeaders implements Handler<RoutingContext> {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final MultiMap ALWAYS = MultiMap.caseInsensitiveMultiMap()
            .add("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .add("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            .add("X-Content-Type-Options", "nosniff")
            .add("Referrer-Policy", "no-referrer")
            .add("X-Frame-Options", "DENY")
            .add("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            .add("Cross-Origin-Opener-Policy", "same-origin");

    /** Answers that must never be stored: the API (tokens, private data), WebSockets, health, errors. */
    static final String NO_STORE = "no-store";
    /** HTML pages may be stored but are revalidated on every use, so a new version of the client is seen at once. */
    static final String REVALIDATE = "no-cache";

    private final String staticAssets;

    SecurityHeaders(GatewayConfig config) {
        this.staticAssets = staticAssetsCacheControl(config.staticAssetsMaxAge());
    }

    @Override
    public void handle(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            ALWAYS.forEach(headers::set);
            headers.set(HttpHeaders.CACHE_CONTROL,
                    cacheControl(context.normalizedPath(), context.response().getStatusCode(), staticAssets));
        });
        context.next();
    }

    /** What caches may do with an answer to this path with this status; {@code staticAssets} for non-HTML files. */
    static String cacheControl(String path, int status, String staticAssets) {
        boolean dynamic = path.equals("/api") || path.startsWith("/api/") || path.equals("/ws")
                || path.startsWith("/ws/") || path.startsWith("/q/");
        boolean staticFile = status == 200 || status == 304 || status == 206;
        if (dynamic || !staticFile) {
            return NO_STORE;
        }
        if (path.endsWith("/") || path.endsWith(".html")) {
            return REVALIDATE;
        }
        return staticAssets;
    }

    static String staticAssetsCacheControl(Duration maxAge) {
        long seconds = maxAge.toSeconds();
        return seconds <= 0 ? REVALIDATE : "max-age=" + seconds + ", must-revalidate";
    }
}

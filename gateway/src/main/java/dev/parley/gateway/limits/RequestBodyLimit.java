package dev.parley.gateway.limits;

import jakarta.inject.Singleton;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.error.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies passed to the services are at most {@code parley.gateway.max-request-body-size}. As a route
 * handler it refuses a request whose Content-Length says more, before anything reaches a service; a body without
 * a length (chunked, or HTTP/2 without content-length) is counted while the proxy streams it ({@link #limit}), and
 * refused as soon as it grows past the limit. Either way the client gets 413 in the JSON error shape.
 */
@Singleton
public class RequestBodyLimit implements Handler<RoutingContext> {

    public static final int STATUS = 413;

    /** How long a refused client may go on sending before its connection is closed, so that it reads the answer. */
    private static final long LINGER_MILLIS = 1000;
    /**
     * HTTP/2's CANCEL. NO_ERROR, which RFC 9113 §8.1 suggests right after the answer, left JDK 17's HTTP client
     * hanging in this module's tests.
     */
    private static final long CANCEL = 0x8;

    private final long maxBytes;
    private final Vertx vertx;

    RequestBodyLimit(GatewayConfig config, Vertx vertx) {
        this.maxBytes = config.maxRequestBodySize().asLongValue();
        this.vertx = vertx;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (announcesTooMuch(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            context.response().headers().addAll(refusalHeaders(request));
            context.response().setStatusCode(STATUS).end(refusalBody()).onComplete(ignored -> stopReceiving(request));
            return;
        }
        context.next();
    }

    /** The body the proxy streams to a service, counted against the limit. */
    public LimitedBody limit(ReadStream<Buffer> body) {
        return new LimitedBody(body, maxBytes);
    }

    /** The headers of a 413: HTTP/1 clients are told the connection ends (the rest of their body is dropped). */
    public MultiMap refusalHeaders(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, ErrorBody.CONTENT_TYPE);
        if (request.version() != HttpVersion.HTTP_2) {
            headers.add(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        return headers;
    }

    public Buffer refusalBody() {
        return ErrorBody.of(ErrorCode.TOO_LARGE, "The request body is larger than the " + describe(maxBytes)
                + " the server accepts.");
    }

    /**
     * Once a 413 is written, stops taking in the rest of the body, after a moment in which the client can finish
     * reading the answer: an HTTP/1 connection is closed (closing at once could make the client's network stack
     * discard the answer), an HTTP/2 stream reset. Until then the body is read and dropped.
     */
    public void stopReceiving(HttpServerRequest request) {
        vertx.setTimer(LINGER_MILLIS, ignored -> {
            if (request.isEnded()) {
                return;
            }
            if (request.version() == HttpVersion.HTTP_2) {
                request.response().reset(CANCEL);
            } else {
                request.connection().close();
            }
        });
    }

    private boolean announcesTooMuch(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            // Netty refuses malformed lengths before they get here, and the proxy conflicting ones.
            return false;
        }
    }

    private static String describe(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}

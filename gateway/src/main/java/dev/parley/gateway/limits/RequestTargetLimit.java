package dev.parley.gateway.limits;

import jakarta.inject.Singleton;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.config.GatewayConfig;
import dev.parley.gateway.error.ErrorBody;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Request targets (path and query) passed to the services are at most
 * {@code parley.gateway.max-request-target-length} characters; a longer one gets 414 in the JSON error shape. Over
 * HTTP/1 the HTTP layer already refuses a request line past its own limit, but an HTTP/2 request has no request
 * line: without this check a long {@code :path} would reach a service, whose HTTP/1 request line it overflows, and
 * the client would get the service's bare 414.
 */
@Singleton
public class RequestTargetLimit implements Handler<RoutingContext> {

    public static final int STATUS = 414;

    private final int maxLength;

    RequestTargetLimit(GatewayConfig config) {
        this.maxLength = config.maxRequestTargetLength();
    }

    @Override
    public void handle(RoutingContext context) {
        if (context.request().uri().length() > maxLength) {
            ErrorBody.send(context.response(), STATUS, ErrorCode.URI_TOO_LONG,
                    "The request's path and query are longer than the " + maxLength
                            + " characters the server accepts.");
            return;
        }
        context.next();
    }
}

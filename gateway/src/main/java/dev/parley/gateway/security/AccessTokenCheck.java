package dev.parley.gateway.security;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.error.ErrorBody;
import dev.parley.gateway.security.AccessTokenVerifier.Verdict;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request on to a service only with a valid access token, except the public auth endpoints
 * ({@link PublicEndpoints}). Without one the client gets 401 in the JSON error shape and the service never sees
 * the request; when the keys to check it cannot be fetched, 503. The services still check tokens themselves.
 * <p>
 * For WebSocket upgrades the token may also come in the sub-protocol carrier browsers use ({@link BearerToken}).
 */
public final class AccessTokenCheck implements Handler<RoutingContext> {

    private static final int RETRY_AFTER_SECONDS = 5;
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final AccessTokenVerifier verifier;
    private final boolean acceptSubprotocolCarrier;

    private AccessTokenCheck(AccessTokenVerifier verifier, boolean acceptSubprotocolCarrier) {
        this.verifier = verifier;
        this.acceptSubprotocolCarrier = acceptSubprotocolCarrier;
    }

    /** For HTTP requests: the token comes in the Authorization header. */
    public static AccessTokenCheck forRequests(AccessTokenVerifier verifier) {
        return new AccessTokenCheck(verifier, false);
    }

    /** For WebSocket upgrades: the Authorization header, or the sub-protocol carrier. */
    public static AccessTokenCheck forWebSockets(AccessTokenVerifier verifier) {
        return new AccessTokenCheck(verifier, true);
    }

    @Override
    public void handle(RoutingContext context) {
        if (PublicEndpoints.isPublic(context.request().method(), context.normalizedPath())) {
            context.next();
            return;
        }
        String token = BearerToken.of(context.request(), acceptSubprotocolCarrier);
        if (token == null) {
            refuse(context);
            return;
        }
        Future<Verdict> verdict = verifier.verify(token);
        if (verdict.isComplete()) {
            decide(context, verdict);
            return;
        }
        // The keys are being fetched: hold the body back meanwhile, and go on on this request's own context.
        context.request().pause();
        Context requestContext = Vertx.currentContext();
        verdict.onComplete(result -> requestContext.runOnContext(ignored -> decide(context, result)));
    }

    private static void decide(RoutingContext context, AsyncResult<Verdict> verdict) {
        Verdict outcome = verdict.succeeded() ? verdict.result() : Verdict.UNAVAILABLE;
        switch (outcome) {
            case VALID -> context.next();
            case INVALID -> refuse(context);
            case UNAVAILABLE -> {
                context.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
                ErrorBody.send(context.response(), 503, ErrorCode.UNAVAILABLE,
                        "Sign-in cannot be checked right now. Please try again in a moment.");
            }
        }
    }

    private static void refuse(RoutingContext context) {
        context.response().putHeader(WWW_AUTHENTICATE, "Bearer");
        ErrorBody.send(context.response(), 401, ErrorCode.UNAUTHORIZED, "Sign in to continue.");
    }
}

package dev.parley.gateway.error;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The project's one error shape, {@code {"error": "...", "message": "..."}}, for answers the gateway gives itself;
 * the codes are the services' own catalog's ({@link ErrorCode}).
 */
public final class ErrorBody {

    public static final String CONTENT_TYPE = "application/json";

    private ErrorBody() {
    }

    public static Buffer of(ErrorCode error, String message) {
        return new JsonObject().put("error", error.wire()).put("message", message).toBuffer();
    }

    /** Ends the response with the error; the future completes once it is written. */
    public static Future<Void> send(HttpServerResponse response, int status, ErrorCode error, String message) {
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .end(of(error, message));
    }
}

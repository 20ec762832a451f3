package dev.parley.api;

import java.util.List;

/**
 * A request that cannot be served, with what the client is told. Thrown (or failed with) anywhere on a request
 * path; {@link ApiExceptionMappers} turns it into an {@link ErrorResponse}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final ErrorCode error;
    private final List<String> details;
    private final Long retryAfterSeconds;

    public ApiException(int status, ErrorCode error, String message) {
        this(status, error, message, List.of(), null);
    }

    private ApiException(int status, ErrorCode error, String message, List<String> details, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 for input that breaks one or more rules; the message lists them all. */
    public static ApiException invalid(ErrorCode error, List<String> violations) {
        return new ApiException(400, error, String.join(" ", violations), violations, null);
    }

    public static ApiException badRequest(ErrorCode error, String message) {
        return new ApiException(400, error, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCode.UNAUTHORIZED, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, ErrorCode.FORBIDDEN, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorCode.NOT_FOUND, message);
    }

    public static ApiException conflict(ErrorCode error, String message) {
        return new ApiException(409, error, message);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, ErrorCode.TOO_MANY_REQUESTS, message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiException unavailable(String message, long retryAfterSeconds) {
        return new ApiException(503, ErrorCode.UNAVAILABLE, message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public ErrorCode error() {
        return error;
    }

    public List<String> details() {
        return details;
    }

    /** Seconds a client should wait before trying again, for 429 and 503; null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorResponse toResponse() {
        return new ErrorResponse(error, getMessage(), details.size() > 1 ? details : List.of());
    }
}

package dev.parley.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure on a request path into the {@link ErrorResponse} shape with the right status. Nothing
 * internal (class names, stack traces, SQL) ever reaches a client; unexpected failures are logged here instead.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.toResponse());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response malformedJson(JsonProcessingException e) {
        return json(400, new ErrorResponse(ErrorCode.MALFORMED_REQUEST,
                "The request body is not valid JSON of the expected shape."));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return json(401, new ErrorResponse(ErrorCode.UNAUTHORIZED, "Sign in to continue."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ErrorResponse(ErrorCode.FORBIDDEN, "You are not allowed to do that."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed");
            return json(500, new ErrorResponse(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side."));
        }
        return json(status, new ErrorResponse(codeOf(status), messageOf(status)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf(e, "Request failed");
        return json(500, new ErrorResponse(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side."));
    }

    private static Response json(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.REQUEST_FAILED;
        };
    }

    private static String messageOf(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "Sign in to continue.";
            case 403 -> "You are not allowed to do that.";
            case 404 -> "Not found.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "This response type is not available.";
            case 413 -> "The request is too large.";
            case 415 -> "Send the request as application/json.";
            default -> "The request failed.";
        };
    }
}

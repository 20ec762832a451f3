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
        return json(400, new ErrorResponse("malformed_request", "The request body is not valid JSON of the expected shape."));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return json(401, new ErrorResponse("unauthorized", "Sign in to continue."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ErrorResponse("forbidden", "You are not allowed to do that."));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed");
            return json(500, new ErrorResponse("internal_error", "Something went wrong on our side."));
        }
        return json(status, new ErrorResponse(codeOf(status), messageOf(status)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf(e, "Request failed");
        return json(500, new ErrorResponse("internal_error", "Something went wrong on our side."));
    }

    private static Response json(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "malformed_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> "request_failed";
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

package dev.parley.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every Parley API: a stable machine-readable code (an {@link ErrorCode}'s wire string), a
 * message for people, and, where a request broke several rules at once, one message per rule.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorResponse(String error, String message, List<String> details) {

    public ErrorResponse(ErrorCode error, String message, List<String> details) {
        this(error.wire(), message, details);
    }

    public ErrorResponse(ErrorCode error, String message) {
        this(error.wire(), message, List.of());
    }
}

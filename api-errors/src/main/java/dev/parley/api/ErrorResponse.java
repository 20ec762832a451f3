package dev.parley.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every Parley API: a stable machine-readable code, a message for people, and, where a
 * request broke several rules at once, one message per rule.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorResponse(String error, String message, List<String> details) {

    public ErrorResponse(String error, String message) {
        this(error, message, List.of());
    }
}

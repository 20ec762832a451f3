package dev.parley.client.api;

import java.util.List;

/** An error answer of a Parley API, with the texts the server gave (its JSON error shape). */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final List<String> details;

    public ApiException(int status, String error, String message, List<String> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public int status() {
        return status;
    }

    /** The machine-readable code, e.g. {@code username_taken}. */
    public String error() {
        return error;
    }

    /** One message per broken rule, when the server listed several. */
    public List<String> details() {
        return details;
    }
}

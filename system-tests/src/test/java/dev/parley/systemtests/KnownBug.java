package dev.parley.systemtests;

import java.util.Arrays;
import java.util.Optional;

/**
 * Bugs the fuzz tests found in the services, each reproduced on its own by a {@code @Disabled} test in
 * {@link KnownBugsIT}. A fuzz case that fails the way a bug here describes is reported as that bug and skipped
 * rather than failed; a case that would change state because of it is not sent at all. When a bug is fixed: enable
 * its test in KnownBugsIT and delete it here, so the fuzz checks those cases strictly again.
 */
enum KnownBug {

    NUL_REACHES_POSTGRES(false, "a U+0000 in a text field or query parameter that is looked up in PostgreSQL "
            + "(username in prelogin, login, friend requests, approve/reject; public-keys?username=) answers 500: "
            + "PostgreSQL refuses NUL in text (SQLSTATE 22021); expected 400 or 404"),
    DUPLICATE_KEY_500(false, "a key given twice in a one-field JSON body (prelogin, session refresh/logout, account "
            + "deletion, friend request, open conversation, mark read) answers 500 with an empty body: Jackson's "
            + "InvalidDefinitionException (\"No fallback setter/field defined for creator property\") is mapped by "
            + "Quarkus' own NativeInvalidDefinitionExceptionMapper, not api-errors; expected 400 in the error shape"),
    SESSION_ENDPOINTS_TAKE_ANY_CONTENT_TYPE(false, "POST /api/auth/session/refresh and /session/logout have no "
            + "@Consumes: a text/plain body answers 500 (RESTEasy tries to build the package-private RefreshRequest "
            + "record from text: IllegalAccessException); expected 415"),
    NUMBER_COERCED(true, "auth-service takes a number sent as a JSON string (\"600000\", \"1\") or with a fraction "
            + "(1.5 read as 1) as the whole number (Jackson's default coercions): a sign-up with kdfIterations "
            + "\"600000\" makes the account, PUT /api/auth/vault with expectedVersion \"1\" or 1.5 replaces the vault, "
            + "a password change with vaultVersion 1.5 goes through; expected 400"),
    TRAILING_JSON_IGNORED(false, "JSON after the first value is ignored (Jackson's FAIL_ON_TRAILING_TOKENS is off): "
            + "{\"username\":\"x\"}{\"username\":\"y\"} and {\"refreshToken\":\"x\"}} are taken by prelogin (200) and "
            + "session logout (204); expected 400"),
    OVERLONG_UTF8_ACCEPTED(false, "an overlong UTF-8 sequence (C0 AF, a disguised '/') inside a JSON string is decoded "
            + "instead of refused; prelogin answers 200, session logout 204; expected 400"),
    LONG_PATH_414_NOT_JSON(false, "a path of 5,000 characters over HTTP/2 passes the gateway (no request line there) "
            + "and the service answers 414 with an empty body, not the JSON error shape"),
    INFINITE_NUMBER_IN_ENVELOPE(false, "a send frame whose header.v or header.seq is 1e400 gets error server_error: "
            + "Jackson reads it as an infinite double and EnvelopeCheck.integer calls DoubleNode.decimalValue(), which "
            + "throws NumberFormatException (logged as an ERROR with a stack trace); expected bad_envelope"),
    GATEWAY_HTTP2_BODY_WITHOUT_LENGTH(false, "the gateway cannot forward an HTTP/2 request body without a "
            + "content-length to a service (HTTP/1.1): every DATA frame fails with IllegalStateException (\"You must "
            + "set the Content-Length header ... if you are not using HTTP chunked encoding\", LimitedBody line 48) "
            + "and the service gets the request without its body (so DELETE /api/auth/account answers 400 instead "
            + "of 403, a login 400 instead of 401); HTTP/1.1 chunked bodies are fine"),
    DELETED_ACCOUNT_GETS_503(false, "friend-service answers a deleted account's (still unexpired) token with 503 "
            + "unavailable, Retry-After and \"Your account is not known here yet. Try again in a moment.\" on POST "
            + "/api/friends/requests and on approve/reject: it cannot tell a deleted account from one the users topic "
            + "has not brought yet, so a client retries forever; expected 401, 403 or 404");

    final boolean changesState;
    final String summary;

    KnownBug(boolean changesState, String summary) {
        this.changesState = changesState;
        this.summary = summary;
    }

    String reason() {
        return "known bug " + name() + ": " + summary;
    }

    /** A bug that makes this case change state, so that it must not be sent. */
    static Optional<KnownBug> changingStateIn(String target, String category, String label) {
        return matching(target, category, label, "not sent").filter(bug -> bug.changesState);
    }

    /** The bug that explains a failed case: {@code outcome} is what came back. */
    static Optional<KnownBug> explaining(String target, String category, String label, String outcome) {
        return matching(target, category, label, outcome);
    }

    private static Optional<KnownBug> matching(String target, String category, String label, String outcome) {
        return Arrays.stream(values()).filter(bug -> bug.matches(target, category, label, outcome)).findFirst();
    }

    private boolean matches(String target, String category, String label, String outcome) {
        boolean serverError = outcome.startsWith("5");
        boolean accepted = outcome.startsWith("2");
        return switch (this) {
            case NUL_REACHES_POSTGRES -> serverError && (label.contains("NUL inside") || label.contains("%00"));
            case DUPLICATE_KEY_500 -> serverError && category.equals(RestFuzzIT.DUPLICATE);
            case SESSION_ENDPOINTS_TAKE_ANY_CONTENT_TYPE -> serverError && target.contains("/api/auth/session/")
                    && category.equals(RestFuzzIT.CONTENT_TYPE);
            case NUMBER_COERCED -> label.matches("(kdfIterations|expectedVersion|vaultVersion): "
                    + "(the valid number as a string|1\\.5)");
            case TRAILING_JSON_IGNORED -> accepted && category.equals(RestFuzzIT.MALFORMED)
                    && (label.equals("{}}") || label.contains("}{"));
            case OVERLONG_UTF8_ACCEPTED -> accepted && label.contains("overlong");
            case LONG_PATH_414_NOT_JSON -> outcome.equals("414");
            case INFINITE_NUMBER_IN_ENVELOPE -> label.contains("1e400") && outcome.contains("server_error");
            case GATEWAY_HTTP2_BODY_WITHOUT_LENGTH -> label.contains("no length (HTTP/2)");
            case DELETED_ACCOUNT_GETS_503 -> outcome.equals("503") && category.equals(DeletedAccountIT.CATEGORY)
                    && target.contains("/api/friends/requests");
        };
    }
}

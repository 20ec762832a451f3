package dev.parley.api;

/**
 * Every machine-readable error code a Parley server sends: the {@code error} of a REST or gateway {@link ErrorResponse}
 * and the {@code code} of a chat socket's error frame. Clients and tests match on these strings, so a constant's wire
 * string never changes once released; add a constant rather than reuse one whose meaning differs.
 * <p>
 * The Java client (dev.parley.client) does not depend on this module and keeps the codes it acts on as strings;
 * they are the wire strings below.
 */
public enum ErrorCode {

    // Shared by every service and the gateway.

    /** 400: the request could not be read (not JSON of the expected shape, a required parameter missing). */
    MALFORMED_REQUEST("malformed_request"),
    /** 401: no valid access token, or a refresh token that can no longer be used. */
    UNAUTHORIZED("unauthorized"),
    /** 403: signed in, but not allowed; also a foreign Origin at the gateway. */
    FORBIDDEN("forbidden"),
    /** 404: no such thing, or none the user may see. */
    NOT_FOUND("not_found"),
    METHOD_NOT_ALLOWED("method_not_allowed"),
    NOT_ACCEPTABLE("not_acceptable"),
    /** 413: a request body, or a message's ciphertext, above its limit. */
    TOO_LARGE("too_large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** A status without a code of its own. */
    REQUEST_FAILED("request_failed"),
    /** 429 with Retry-After: too many requests or failed logins. */
    TOO_MANY_REQUESTS("too_many_requests"),
    /** 503 with Retry-After: a dependency or a work queue is full or down; the same request may succeed later. */
    UNAVAILABLE("unavailable"),
    /**
     * 500 from REST and the gateway: a failure on the server's side. The chat socket says {@link #SERVER_ERROR} for
     * the same thing; both are worth retrying.
     */
    INTERNAL_ERROR("internal_error"),

    // The gateway's own answers.

    /** 414: a request line longer than the gateway accepts. */
    URI_TOO_LONG("uri_too_long"),
    /** 502: the service behind the gateway did not answer. */
    BAD_GATEWAY("bad_gateway"),

    // auth-service.

    /** A required field is empty ("Please fill in all fields"); friend-service uses it too. */
    MISSING_FIELDS("missing_fields"),
    INVALID_USERNAME("invalid_username"),
    INVALID_AUTH_KEY("invalid_auth_key"),
    INVALID_CURRENT_AUTH_KEY("invalid_current_auth_key"),
    INVALID_NEW_AUTH_KEY("invalid_new_auth_key"),
    INVALID_PUBLIC_KEY("invalid_public_key"),
    /** The vault is not base64url, or too short to be a sealed vault. */
    INVALID_VAULT("invalid_vault"),
    VAULT_TOO_LARGE("vault_too_large"),
    INVALID_KDF_ITERATIONS("invalid_kdf_iterations"),
    INVALID_REFRESH_TOKEN_DELIVERY("invalid_refresh_token_delivery"),
    /** 409 at sign-up. */
    USERNAME_TAKEN("username_taken"),
    /** 409: another device replaced the key vault first. */
    VAULT_CONFLICT("vault_conflict"),
    /** 403: the change needs the account's current authKey. */
    PASSWORD_REQUIRED("password_required"),

    // friend-service.

    CANNOT_ADD_YOURSELF("cannot_add_yourself"),
    ALREADY_FRIENDS("already_friends"),
    REQUEST_ALREADY_SENT("request_already_sent"),
    NOTHING_SELECTED("nothing_selected"),
    TOO_MANY_SELECTED("too_many_selected"),

    // chat-service, REST and socket.

    /** The message names another device than the one whose socket or token sent it. */
    DEVICE_MISMATCH("device_mismatch"),
    BAD_ENVELOPE("bad_envelope"),
    BAD_CURSOR("bad_cursor"),
    BAD_LIMIT("bad_limit"),
    UNKNOWN_MESSAGE("unknown_message"),
    UNKNOWN_CONVERSATION("unknown_conversation"),
    /** 403: conversations are only between friends. */
    NOT_A_FRIEND("not_a_friend"),
    /** The message was not stored because the server is busy or stopping; send it again. */
    OVERLOADED("overloaded"),

    // chat-service, groups (REST).

    /** 404: no such group, or the user is not a member of it (the two are never told apart). */
    UNKNOWN_GROUP("unknown_group"),
    /** 400: a group name empty after trimming, longer than 64 characters, or with control characters. */
    INVALID_GROUP_NAME("invalid_group_name"),
    /** 400: a group needs its creator and at least one other member. */
    TOO_FEW_MEMBERS("too_few_members"),
    /** 400 at creation, 409 when adding: a group has at most 50 members. */
    TOO_MANY_MEMBERS("too_many_members"),
    /** 400: a user listed twice at creation, or the creator listed among the members. */
    DUPLICATE_MEMBER("duplicate_member"),
    /** 409: the user added is already a member. */
    ALREADY_A_MEMBER("already_a_member"),
    /** 404: the user to remove is not a member of the group. */
    NOT_A_MEMBER("not_a_member"),
    /** 403: only the group's creator removes members. */
    NOT_GROUP_CREATOR("not_group_creator"),
    /** 400: the creator cannot remove themselves; they leave instead. */
    CANNOT_REMOVE_YOURSELF("cannot_remove_yourself"),

    // chat-service, group messages (socket).

    /**
     * A group message sealed for another epoch than the group's current one (the membership changed): nothing was
     * stored; the error frame names the current epoch, and the client seals the message again for its members.
     */
    STALE_EPOCH("stale_epoch"),

    // chat-service, socket only.

    /** A frame that is not JSON, of an unknown type, or missing a field. */
    BAD_FRAME("bad_frame"),
    /** Too many messages on one socket; send again after a while. */
    RATE_LIMITED("rate_limited"),
    /**
     * The socket's catch-all for a failure on the server's side, the counterpart of {@link #INTERNAL_ERROR}; kept
     * apart because released clients retry on exactly this string.
     */
    SERVER_ERROR("server_error");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The string clients see. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}

package dev.parley.auth.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

/**
 * Checks of request fields, with the messages users see (docs/PROTOCOL.md §1, "Sign-up checks made by clients"),
 * worded as the clients word them (SignUpMessages).
 */
public final class Inputs {

    public static final String FILL_IN_ALL_FIELDS = "Please fill in all fields";
    public static final String USERNAME_LENGTH = "Username must be 5 to 32 characters long.";
    public static final String USERNAME_CHARACTERS = "Username may contain only letters and digits.";
    public static final String USERNAME_EXISTS = "Username already exists";
    public static final String INVALID_CREDENTIALS = "Invalid username or password";

    public static final int KEY_BYTES = 32;

    private Inputs() {
    }

    /** Fails with "Please fill in all fields" when any value is null or blank. */
    public static void requireFilled(Object... values) {
        if (Arrays.stream(values).anyMatch(v -> v == null || (v instanceof String s && s.isBlank()))) {
            throw ApiException.badRequest(ErrorCode.MISSING_FIELDS, FILL_IN_ALL_FIELDS);
        }
    }

    /** Every username rule the value breaks, one message each; empty when it is a valid username. */
    public static List<String> usernameViolations(String username) {
        List<String> violations = new ArrayList<>();
        if (username.length() < 5 || username.length() > 32) {
            violations.add(USERNAME_LENGTH);
        }
        if (!username.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            violations.add(USERNAME_CHARACTERS);
        }
        return violations;
    }

    public static void requireValidUsername(String username) {
        List<String> violations = usernameViolations(username);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(ErrorCode.INVALID_USERNAME, violations);
        }
    }

    /** The binary request fields, by their JSON names, each with the code of the 400 a bad value gets. */
    public enum BinaryField {
        AUTH_KEY("authKey", ErrorCode.INVALID_AUTH_KEY),
        CURRENT_AUTH_KEY("currentAuthKey", ErrorCode.INVALID_CURRENT_AUTH_KEY),
        NEW_AUTH_KEY("newAuthKey", ErrorCode.INVALID_NEW_AUTH_KEY),
        PUBLIC_KEY("publicKey", ErrorCode.INVALID_PUBLIC_KEY),
        VAULT("vault", ErrorCode.INVALID_VAULT);

        private final String json;
        private final ErrorCode invalid;

        BinaryField(String json, ErrorCode invalid) {
            this.json = json;
            this.invalid = invalid;
        }
    }

    /** Decodes base64url without padding; fails with a 400 naming the field otherwise. */
    public static byte[] base64Url(BinaryField field, String value) {
        Objects.requireNonNull(value);
        if (value.indexOf('=') >= 0) {
            throw ApiException.badRequest(field.invalid, field.json + " must be base64url without padding.");
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field.invalid, field.json + " must be base64url without padding.");
        }
    }

    /** A 32-byte key in base64url. */
    public static byte[] key(BinaryField field, String value) {
        byte[] key = base64Url(field, value);
        if (key.length != KEY_BYTES) {
            throw ApiException.badRequest(field.invalid, field.json + " must be " + KEY_BYTES + " bytes.");
        }
        return key;
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

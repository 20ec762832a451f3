package dev.parley.client.crypto;

/**
 * The texts users see when a sign-up form breaks a rule (docs/PROTOCOL.md §1, "Sign-up checks
 * made by clients"), in one place.
 * The browser client shows the same texts; docs/protocol/test-vectors.json pins them.
 */
public final class SignUpMessages {

    public static final String FILL_IN_ALL_FIELDS = "Please fill in all fields";
    public static final String USERNAME_LENGTH = "Username must be 5 to 32 characters long.";
    public static final String USERNAME_CHARACTERS = "Username may contain only letters and digits.";
    public static final String PASSWORD_LENGTH = "Password must be 8 to 20 characters long.";
    public static final String PASSWORD_LOWERCASE = "Password must contain at least one lowercase letter.";
    public static final String PASSWORD_UPPERCASE = "Password must contain at least one uppercase letter.";
    public static final String PASSWORD_DIGIT = "Password must contain at least one digit.";
    public static final String PASSWORD_SYMBOL = "Password must contain at least one symbol.";
    public static final String PASSWORD_REPEATS = "Password must not repeat a character more than 3 times in a row.";
    public static final String PASSWORD_EQUALS_USERNAME = "Password must not be the same as the username.";
    public static final String PASSWORDS_DO_NOT_MATCH = "Passwords do not match.";

    private SignUpMessages() {
    }
}

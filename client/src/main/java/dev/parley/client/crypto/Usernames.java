package dev.parley.client.crypto;

import java.util.Locale;
import java.util.regex.Pattern;

/** Usernames are 5 to 32 ASCII letters and digits; their canonical form, used in key derivation, is lower case. */
public final class Usernames {

    static final int MIN_LENGTH = 5;
    static final int MAX_LENGTH = 32;

    private static final Pattern LETTERS_AND_DIGITS = Pattern.compile("[A-Za-z0-9]*");

    private Usernames() {
    }

    public static boolean isValid(String username) {
        return hasValidLength(username) && hasOnlyLettersAndDigits(username);
    }

    /**
     * The canonical form of a valid username ("Alice1" becomes "alice1").
     *
     * @throws ProtocolFormatException if {@code username} breaks a username rule
     */
    public static String canonicalize(String username) {
        if (!isValid(username)) {
            throw new ProtocolFormatException("a username has " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " ASCII letters and digits");
        }
        // Only ASCII remains, so the locale-independent lower case is the ASCII one.
        return username.toLowerCase(Locale.ROOT);
    }

    static boolean hasValidLength(String username) {
        int length = username.codePointCount(0, username.length());
        return length >= MIN_LENGTH && length <= MAX_LENGTH;
    }

    static boolean hasOnlyLettersAndDigits(String username) {
        return LETTERS_AND_DIGITS.matcher(username).matches();
    }
}

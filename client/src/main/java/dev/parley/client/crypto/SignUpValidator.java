package dev.parley.client.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sign-up checks a client makes before sending anything (docs/PROTOCOL.md §1, "Sign-up
 * checks made by clients"): the server never sees the password, so only clients can check the
 * password rules.
 *
 * <p>Characters are Unicode code points, and the character classes are Unicode properties
 * so that a JavaScript {@code /u} regular expression gives the same answers.
 */
public final class SignUpValidator {

    static final int PASSWORD_MIN_LENGTH = 8;
    static final int PASSWORD_MAX_LENGTH = 20;

    private static final Pattern LOWERCASE = Pattern.compile("\\p{Ll}");
    private static final Pattern UPPERCASE = Pattern.compile("\\p{Lu}");
    private static final Pattern DIGIT = Pattern.compile("\\p{Nd}");
    /** A symbol is anything but a letter, a combining mark, a number or white space. */
    private static final Pattern SYMBOL = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{IsWhite_Space}]");
    private static final Pattern FOUR_IN_A_ROW = Pattern.compile("(.)\\1{3}", Pattern.DOTALL);

    private SignUpValidator() {
    }

    /**
     * One message from {@link SignUpMessages} per failed rule, in a fixed order (username
     * rules, password rules, then the repeated password); empty when the form may be sent.
     * An empty field gives only {@link SignUpMessages#FILL_IN_ALL_FIELDS}.
     */
    public static List<String> validate(String username, String password, String passwordAgain) {
        if (username.isEmpty() || password.isEmpty() || passwordAgain.isEmpty()) {
            return List.of(SignUpMessages.FILL_IN_ALL_FIELDS);
        }
        List<String> messages = new ArrayList<>(usernameProblems(username));
        messages.addAll(passwordProblems(username, password));
        if (!password.equals(passwordAgain)) {
            messages.add(SignUpMessages.PASSWORDS_DO_NOT_MATCH);
        }
        return List.copyOf(messages);
    }

    public static List<String> usernameProblems(String username) {
        List<String> messages = new ArrayList<>();
        if (!Usernames.hasValidLength(username)) {
            messages.add(SignUpMessages.USERNAME_LENGTH);
        }
        if (!Usernames.hasOnlyLettersAndDigits(username)) {
            messages.add(SignUpMessages.USERNAME_CHARACTERS);
        }
        return List.copyOf(messages);
    }

    public static List<String> passwordProblems(String username, String password) {
        List<String> messages = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
            messages.add(SignUpMessages.PASSWORD_LENGTH);
        }
        if (!LOWERCASE.matcher(password).find()) {
            messages.add(SignUpMessages.PASSWORD_LOWERCASE);
        }
        if (!UPPERCASE.matcher(password).find()) {
            messages.add(SignUpMessages.PASSWORD_UPPERCASE);
        }
        if (!DIGIT.matcher(password).find()) {
            messages.add(SignUpMessages.PASSWORD_DIGIT);
        }
        if (!SYMBOL.matcher(password).find()) {
            messages.add(SignUpMessages.PASSWORD_SYMBOL);
        }
        if (FOUR_IN_A_ROW.matcher(password).find()) {
            messages.add(SignUpMessages.PASSWORD_REPEATS);
        }
        if (asciiLowerCase(password).equals(asciiLowerCase(username))) {
            messages.add(SignUpMessages.PASSWORD_EQUALS_USERNAME);
        }
        return List.copyOf(messages);
    }

    // Usernames are ASCII, so only ASCII case is folded; full Unicode folding differs between Java and JavaScript.
    private static String asciiLowerCase(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}

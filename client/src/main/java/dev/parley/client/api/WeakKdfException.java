package dev.parley.client.api;

/**
 * The server asked for fewer PBKDF2 iterations than this client accepts. A malicious server could ask for few, so
 * that the authKey it receives makes the password cheap to guess: every operation that derives keys from the password
 * refuses, whatever the server answers (PROTOCOL.md §2).
 */
public final class WeakKdfException extends IllegalStateException {

    WeakKdfException(int asked, int required) {
        super("The server asks for " + asked + " KDF iterations; this client requires at least " + required);
    }
}

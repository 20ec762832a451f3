package dev.parley.client.crypto;

/**
 * Thrown when input does not have the shape PROTOCOL.md prescribes: a malformed base64url
 * string, a JSON value canonical JSON cannot represent, an envelope or key of the wrong
 * size, a public key that yields an all-zero shared secret.
 */
public class ProtocolFormatException extends IllegalArgumentException {

    public ProtocolFormatException(String message) {
        super(message);
    }

    public ProtocolFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

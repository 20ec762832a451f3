package dev.parley.client.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The two keys a password gives (PROTOCOL.md §1): the {@code authKey}, the only thing the
 * server receives, and the {@code wrapKey}, which seals the key vault ({@link KeyVault#seal})
 * and so is never handed out.
 */
public final class PasswordKeys {

    /** The iteration count a sign-up uses unless the server's prelogin says otherwise. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final int KEY_LENGTH = 32;

    private final String canonicalUsername;
    private final byte[] authKey;
    private final WrapKey wrapKey;

    private PasswordKeys(String canonicalUsername, byte[] authKey, WrapKey wrapKey) {
        this.canonicalUsername = canonicalUsername;
        this.authKey = authKey;
        this.wrapKey = wrapKey;
    }

    /**
     * Runs PBKDF2 with {@code iterations} rounds, which takes a noticeable fraction of a second
     * at the default count: call it off any thread that must stay responsive.
     *
     * @throws ProtocolFormatException if {@code username} is not a valid username
     */
    public static PasswordKeys derive(String username, String password, int iterations) {
        String canonical = Usernames.canonicalize(username);
        byte[] masterKey = masterKey(canonical, password, iterations);
        try {
            return new PasswordKeys(canonical,
                    Hkdf.deriveKey(masterKey, new byte[0], "parley/v1/auth"),
                    new WrapKey(Hkdf.deriveKey(masterKey, new byte[0], "parley/v1/wrap")));
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    /**
     * PBKDF2-HMAC-SHA256 over the password's UTF-8 bytes as the browser's {@code TextEncoder}
     * writes them. Bouncy Castle is used rather than the JDK's {@code PBKDF2WithHmacSHA256}
     * because the JDK takes characters and encodes them itself, writing an unpaired surrogate
     * as {@code '?'} where the browser writes U+FFFD; here the bytes are explicit.
     */
    static byte[] masterKey(String canonicalUsername, String password, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, got " + iterations);
        }
        PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
        byte[] passwordBytes = Utf8.encode(password);
        try {
            pbkdf2.init(passwordBytes, Utf8.encode("parley/v1/" + canonicalUsername), iterations);
            return ((KeyParameter) pbkdf2.generateDerivedParameters(KEY_LENGTH * Byte.SIZE)).getKey();
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    public String canonicalUsername() {
        return canonicalUsername;
    }

    public byte[] authKey() {
        return authKey.clone();
    }

    /** The {@code authKey} as the server's sign-up, login and password-change requests carry it. */
    public String authKeyBase64Url() {
        return Base64Url.encode(authKey);
    }

    WrapKey wrapKey() {
        return wrapKey;
    }

    @Override
    public String toString() {
        return "PasswordKeys[" + canonicalUsername + "]";
    }
}

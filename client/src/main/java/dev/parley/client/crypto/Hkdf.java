package dev.parley.client.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) from Bouncy Castle, because the JDK 17 has none. */
final class Hkdf {

    static final int KEY_LENGTH = 32;

    private Hkdf() {
    }

    /** A 32-byte key; an empty {@code salt} means HashLen zero bytes, as in RFC 5869 and WebCrypto. */
    static byte[] deriveKey(byte[] inputKeyMaterial, byte[] salt, String info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, salt, Utf8.encode(info)));
        byte[] key = new byte[KEY_LENGTH];
        generator.generateBytes(key, 0, key.length);
        return key;
    }
}

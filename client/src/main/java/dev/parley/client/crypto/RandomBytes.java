package dev.parley.client.crypto;

import java.security.SecureRandom;

final class RandomBytes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomBytes() {
    }

    static byte[] of(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

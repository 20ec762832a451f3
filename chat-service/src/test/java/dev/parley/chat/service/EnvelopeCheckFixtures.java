package dev.parley.chat.service;

import java.lang.reflect.Proxy;
import java.util.Base64;

import dev.parley.chat.config.ChatConfig;

/** What the 1:1 and group envelope check tests share: a small size limit and well-formed filler fields. */
final class EnvelopeCheckFixtures {

    static final int MAX_CIPHERTEXT_BYTES = 64;

    private EnvelopeCheckFixtures() {
    }

    /** A check with only the one setting it reads; any other call is a mistake in the test. */
    static EnvelopeCheck envelopeCheck() {
        ChatConfig config = (ChatConfig) Proxy.newProxyInstance(ChatConfig.class.getClassLoader(),
                new Class<?>[] { ChatConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("maxCiphertextBytes")) {
                        return MAX_CIPHERTEXT_BYTES;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new EnvelopeCheck(config);
    }

    /** base64url of {@code bytes} bytes that are not all alike. */
    static String base64Url(int bytes) {
        byte[] value = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            value[i] = (byte) (i * 37 + 11);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}

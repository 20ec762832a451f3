package dev.parley.client.crypto;

/** The AES-256 key that seals the key vault; derived from the password and never sent anywhere. */
final class WrapKey {

    private final byte[] key;

    WrapKey(byte[] key) {
        if (key.length != AesGcm.KEY_LENGTH) {
            throw new IllegalArgumentException("a wrapKey is " + AesGcm.KEY_LENGTH + " bytes");
        }
        this.key = key.clone();
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "WrapKey[hidden]";
    }
}

package dev.parley.client.crypto;

import java.util.Arrays;

/** A user's X25519 public key in its raw 32-byte form, as the server publishes it. */
public final class IdentityPublicKey {

    private final byte[] raw;

    private IdentityPublicKey(byte[] raw) {
        this.raw = raw;
    }

    /** @throws ProtocolFormatException if {@code raw} is not 32 bytes */
    public static IdentityPublicKey fromRaw(byte[] raw) {
        if (raw.length != X25519.KEY_LENGTH) {
            throw new ProtocolFormatException("an X25519 public key is " + X25519.KEY_LENGTH + " bytes, got " + raw.length);
        }
        return new IdentityPublicKey(raw.clone());
    }

    /** @throws ProtocolFormatException if {@code text} is not base64url of 32 bytes */
    public static IdentityPublicKey fromBase64Url(String text) {
        return new IdentityPublicKey(Base64Url.decode(text, X25519.KEY_LENGTH, "an X25519 public key"));
    }

    public byte[] raw() {
        return raw.clone();
    }

    public String toBase64Url() {
        return Base64Url.encode(raw);
    }

    /**
     * {@code min(a, b) || max(a, b)} in unsigned byte-wise order: both users put their keys in
     * the same order, whichever of them computes it (conversation salt, safety number).
     */
    static byte[] concatenateInOrder(IdentityPublicKey a, IdentityPublicKey b) {
        boolean aFirst = Arrays.compareUnsigned(a.raw, b.raw) <= 0;
        byte[] first = aFirst ? a.raw : b.raw;
        byte[] second = aFirst ? b.raw : a.raw;
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityPublicKey key && Arrays.equals(raw, key.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "IdentityPublicKey[" + toBase64Url() + "]";
    }
}

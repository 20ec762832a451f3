package dev.parley.client.crypto;

import java.util.Objects;

/** The random id a client creates once per device: 16 bytes, written as base64url. */
public final class DeviceId {

    static final int LENGTH = 16;

    private final String base64Url;

    private DeviceId(String base64Url) {
        this.base64Url = base64Url;
    }

    public static DeviceId random() {
        return new DeviceId(Base64Url.encode(RandomBytes.of(LENGTH)));
    }

    /** @throws ProtocolFormatException if {@code text} is not base64url of 16 bytes */
    public static DeviceId fromBase64Url(String text) {
        Base64Url.decode(text, LENGTH, "a device id");
        return new DeviceId(text);
    }

    public String toBase64Url() {
        return base64Url;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceId id && base64Url.equals(id.base64Url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base64Url);
    }

    @Override
    public String toString() {
        return base64Url;
    }
}

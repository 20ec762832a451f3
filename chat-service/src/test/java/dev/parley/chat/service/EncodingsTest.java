package dev.parley.chat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EncodingsTest {

    @Test
    void decodedLengthCountsTheBytesOfUnpaddedBase64Url() {
        for (int bytes = 0; bytes <= 40; bytes++) {
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[bytes]);
            assertThat(Encodings.decodedLength(text)).as("%d bytes", bytes).isEqualTo(bytes);
        }
    }

    @Test
    void anythingButUnpaddedBase64UrlIsRefused() {
        assertThat(Encodings.decodedLength("AA==")).as("padding").isEqualTo(-1);
        assertThat(Encodings.decodedLength("ab+/")).as("plain base64's characters").isEqualTo(-1);
        assertThat(Encodings.decodedLength("AAAAA")).as("a length no byte string has").isEqualTo(-1);
        assertThat(Encodings.decodedLength("AA AA")).as("a space").isEqualTo(-1);
    }

    @Test
    void aByteStringHasOneSpellingSoStrayBitsAfterTheLastByteAreRefused() {
        assertThat(Encodings.decodedLength("AA")).isEqualTo(1);
        assertThat(Encodings.decodedLength("AB")).isEqualTo(-1);
        assertThat(Encodings.decodedLength("AAA")).isEqualTo(2);
        assertThat(Encodings.decodedLength("AAB")).isEqualTo(-1);
    }

    @Test
    void isBase64UrlWantsTheExactLength() {
        String sixteen = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);

        assertThat(Encodings.isBase64Url(sixteen, 16)).isTrue();
        assertThat(Encodings.isBase64Url(sixteen, 15)).isFalse();
        assertThat(Encodings.isBase64Url(sixteen + "=", 16)).isFalse();
    }

    @Test
    void onlyTheCanonicalLowerCaseFormIsAUuid() {
        UUID id = UUID.randomUUID();

        assertThat(Encodings.uuidOrNull(id.toString())).isEqualTo(id);
        assertThat(Encodings.uuidOrNull(id.toString().toUpperCase())).isNull();
        assertThat(Encodings.uuidOrNull("1-1-1-1-1")).as("UUID.fromString accepts it").isNull();
        assertThat(Encodings.uuidOrNull(id.toString().replace('-', 'x'))).isNull();
        assertThat(Encodings.uuidOrNull(null)).isNull();
    }
}

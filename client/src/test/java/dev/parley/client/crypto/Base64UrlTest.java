package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Base64UrlTest {

    static Stream<Named<JsonNode>> validVectors() {
        return TestVectors.list(TestVectors.get("base64url").get("valid")).stream()
                .map(vector -> Named.of("\"" + vector.get("encoded").textValue() + "\"", vector));
    }

    static Stream<String> invalidVectors() {
        return TestVectors.list(TestVectors.get("base64url").get("invalid")).stream().map(JsonNode::textValue);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void encodesAndDecodesTheVectors(JsonNode vector) {
        byte[] bytes = TestVectors.hex(vector.get("bytesHex"));

        assertThat(Base64Url.encode(bytes)).isEqualTo(vector.get("encoded").textValue());
        assertThat(Base64Url.decode(vector.get("encoded").textValue())).isEqualTo(bytes);
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void refusesPaddingForeignCharactersAndLeftoverBits(String text) {
        assertThatThrownBy(() -> Base64Url.decode(text)).isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void aFixedSizeValueOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> Base64Url.decode("AAEC", 4, "a thing"))
                .isInstanceOf(ProtocolFormatException.class)
                .hasMessageContaining("a thing must be 4 bytes, got 3");
    }

    @Test
    void randomBytesSurviveARoundTrip() {
        for (int length = 0; length < 70; length++) {
            byte[] bytes = RandomBytes.of(length);
            assertThat(Base64Url.decode(Base64Url.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void aRefusedTextIsNeverQuotedInTheError() {
        String almostAKey = "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK0*";
        for (String refused : new String[] {almostAKey, almostAKey.replace("*", "="), "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK09"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Base64Url.decode(refused))
                    .isInstanceOf(ProtocolFormatException.class)
                    .satisfies(e -> {
                        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                            org.assertj.core.api.Assertions.assertThat(String.valueOf(cause.getMessage()))
                                    .doesNotContain("3p7bfXt9wbTTW2HC7OQ1");
                        }
                    });
        }
    }
}

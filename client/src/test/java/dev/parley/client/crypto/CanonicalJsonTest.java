package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Named<JsonNode>> validVectors() {
        return TestVectors.named(TestVectors.get("canonicalJson").get("valid"), "canonical");
    }

    static Stream<Named<JsonNode>> numberForms() {
        return TestVectors.named(TestVectors.get("canonicalJson").get("numberForms"), "inputText");
    }

    static Stream<String> invalidVectors() {
        return TestVectors.list(TestVectors.get("canonicalJson").get("invalid")).stream().map(JsonNode::textValue);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void sortsKeysByUtf16AndEscapesMinimallyLikeTheVectors(JsonNode vector) {
        assertThat(CanonicalJson.serialize(vector.get("input"))).isEqualTo(vector.get("canonical").textValue());
    }

    @ParameterizedTest
    @MethodSource("numberForms")
    void readsOtherSpellingsOfAnIntegerAsThatInteger(JsonNode vector) throws Exception {
        JsonNode input = MAPPER.readTree(vector.get("inputText").textValue());

        assertThat(CanonicalJson.serialize(input)).isEqualTo(vector.get("canonical").textValue());
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void refusesValuesOutsideObjectsStringsAndSafeIntegers(String json) throws Exception {
        JsonNode input = MAPPER.readTree(json);

        assertThatThrownBy(() -> CanonicalJson.serialize(input)).isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void writesUtf8BytesOfTheCanonicalText() {
        JsonNode input = MAPPER.createObjectNode().put("text", "Grüße 👋");

        assertThat(CanonicalJson.serializeToUtf8(input))
                .isEqualTo("{\"text\":\"Grüße 👋\"}".getBytes(StandardCharsets.UTF_8));
    }
}

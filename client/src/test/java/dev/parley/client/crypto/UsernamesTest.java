package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UsernamesTest {

    static Stream<Named<JsonNode>> validVectors() {
        return TestVectors.named(TestVectors.get("usernames").get("valid"), "input");
    }

    static Stream<String> invalidVectors() {
        return TestVectors.list(TestVectors.get("usernames").get("invalid")).stream().map(JsonNode::textValue);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void canonicalFormIsTheLowerCaseUsername(JsonNode vector) {
        assertThat(Usernames.isValid(vector.get("input").textValue())).isTrue();
        assertThat(Usernames.canonicalize(vector.get("input").textValue())).isEqualTo(vector.get("canonical").textValue());
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void usernamesBreakingARuleHaveNoCanonicalForm(String username) {
        assertThat(Usernames.isValid(username)).isFalse();
        assertThatThrownBy(() -> Usernames.canonicalize(username)).isInstanceOf(ProtocolFormatException.class);
    }
}

package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignUpValidatorTest {

    static Stream<Named<JsonNode>> forms() {
        return TestVectors.named(TestVectors.get("signUp").get("forms"), "description");
    }

    @ParameterizedTest
    @MethodSource("forms")
    void givesOneMessagePerFailedRuleAsTheVectorsSay(JsonNode form) {
        List<String> expected = TestVectors.list(form.get("messages")).stream().map(JsonNode::textValue).toList();

        List<String> messages = SignUpValidator.validate(
                form.get("username").textValue(), form.get("password").textValue(), form.get("passwordAgain").textValue());

        assertThat(messages).as(form.get("description").textValue()).isEqualTo(expected);
    }

    @Test
    void theMessagesAreTheTextsTheBrowserClientShows() {
        JsonNode shared = TestVectors.get("signUp").get("messages");

        assertThat(Map.ofEntries(
                Map.entry("fillInAllFields", SignUpMessages.FILL_IN_ALL_FIELDS),
                Map.entry("usernameLength", SignUpMessages.USERNAME_LENGTH),
                Map.entry("usernameCharacters", SignUpMessages.USERNAME_CHARACTERS),
                Map.entry("passwordLength", SignUpMessages.PASSWORD_LENGTH),
                Map.entry("passwordLowercase", SignUpMessages.PASSWORD_LOWERCASE),
                Map.entry("passwordUppercase", SignUpMessages.PASSWORD_UPPERCASE),
                Map.entry("passwordDigit", SignUpMessages.PASSWORD_DIGIT),
                Map.entry("passwordSymbol", SignUpMessages.PASSWORD_SYMBOL),
                Map.entry("passwordRepeats", SignUpMessages.PASSWORD_REPEATS),
                Map.entry("passwordEqualsUsername", SignUpMessages.PASSWORD_EQUALS_USERNAME),
                Map.entry("passwordsDoNotMatch", SignUpMessages.PASSWORDS_DO_NOT_MATCH)))
                .hasSize(shared.size())
                .allSatisfy((key, text) -> assertThat(shared.get(key).textValue()).as(key).isEqualTo(text));
    }

    @Test
    void threeEqualCharactersInARowAreFineButFourAreNot() {
        assertThat(SignUpValidator.passwordProblems("alice1", "Xaaa1!yz")).isEmpty();
        assertThat(SignUpValidator.passwordProblems("alice1", "Xaaaa1!y")).containsExactly(SignUpMessages.PASSWORD_REPEATS);
    }

    @Test
    void aValidUsernameHasNoProblems() {
        assertThat(SignUpValidator.usernameProblems("Alice1")).isEmpty();
    }
}

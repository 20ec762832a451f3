package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordKeysTest {

    static Stream<Named<JsonNode>> vectors() {
        return TestVectors.named(TestVectors.get("passwordKeys"), "password");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encodesThePasswordAsTheBrowsersTextEncoderDoes(JsonNode vector) {
        assertThat(Utf8.encode(vector.get("password").textValue())).isEqualTo(TestVectors.hex(vector.get("passwordUtf8Hex")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void derivesTheVectorsMasterKey(JsonNode vector) {
        byte[] masterKey = PasswordKeys.masterKey(
                vector.get("canonicalUsername").textValue(), vector.get("password").textValue(), vector.get("iterations").intValue());

        assertThat(masterKey).isEqualTo(TestVectors.bytes(vector.get("masterKey")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void derivesTheVectorsAuthKeyAndWrapKey(JsonNode vector) {
        PasswordKeys keys = PasswordKeys.derive(
                vector.get("username").textValue(), vector.get("password").textValue(), vector.get("iterations").intValue());

        assertThat(keys.canonicalUsername()).isEqualTo(vector.get("canonicalUsername").textValue());
        assertThat(keys.authKey()).isEqualTo(TestVectors.bytes(vector.get("authKey")));
        assertThat(keys.authKeyBase64Url()).isEqualTo(vector.get("authKey").textValue());
        assertThat(keys.wrapKey().bytes()).isEqualTo(TestVectors.bytes(vector.get("wrapKey")));
    }

    @Test
    void theUsernameCountsCaseInsensitively() {
        PasswordKeys typedOneWay = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);
        PasswordKeys typedAnother = PasswordKeys.derive("ALICE1", "Pässwörd1!", 1000);

        assertThat(typedAnother.authKey()).isEqualTo(typedOneWay.authKey());
    }

    @Test
    void anInvalidUsernameGivesNoKeys() {
        assertThatThrownBy(() -> PasswordKeys.derive("al ice", "Pässwörd1!", 1000)).isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void theAuthKeyHandedOutIsACopy() {
        PasswordKeys keys = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);
        byte[] handedOut = keys.authKey();
        handedOut[0] ^= 1;

        assertThat(keys.authKey()).isNotEqualTo(handedOut);
    }

    @Test
    void keysNeverShowInText() {
        PasswordKeys keys = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);

        assertThat(keys.toString()).doesNotContain(keys.authKeyBase64Url()).isEqualTo("PasswordKeys[alice1]");
        assertThat(keys.wrapKey().toString()).isEqualTo("WrapKey[hidden]");
    }
}

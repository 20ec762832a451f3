package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SafetyNumberTest {

    static Stream<Named<JsonNode>> vectors() {
        return TestVectors.named(TestVectors.get("safetyNumbers"), "safetyNumber");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void showsTheVectorsThirtyDigits(JsonNode vector) {
        IdentityPublicKey a = IdentityPublicKey.fromBase64Url(vector.get("publicKeyA").textValue());
        IdentityPublicKey b = IdentityPublicKey.fromBase64Url(vector.get("publicKeyB").textValue());

        assertThat(SafetyNumber.fingerprint(a, b)).isEqualTo(TestVectors.bytes(vector.get("fingerprint")));
        assertThat(SafetyNumber.of(a, b)).isEqualTo(vector.get("safetyNumber").textValue());
    }

    @Test
    void bothUsersSeeTheSameNumberInSixGroupsOfFiveDigits() {
        IdentityPublicKey a = IdentityKeyPair.generate().publicKey();
        IdentityPublicKey b = IdentityKeyPair.generate().publicKey();

        assertThat(SafetyNumber.of(a, b)).isEqualTo(SafetyNumber.of(b, a)).matches("\\d{5}( \\d{5}){5}");
    }

    @Test
    void anotherKeyGivesAnotherNumber() {
        IdentityPublicKey a = IdentityKeyPair.generate().publicKey();

        assertThat(SafetyNumber.of(a, IdentityKeyPair.generate().publicKey()))
                .isNotEqualTo(SafetyNumber.of(a, IdentityKeyPair.generate().publicKey()));
    }
}

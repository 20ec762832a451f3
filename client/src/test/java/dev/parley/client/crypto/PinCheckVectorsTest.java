package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vectors' pin checks: a swapped friend key is CHANGED, shown with both safety numbers (PROTOCOL.md §5). */
class PinCheckVectorsTest {

    static Stream<Named<JsonNode>> checks() {
        return TestVectors.named(TestVectors.get("pinChecks"), "description");
    }

    @ParameterizedTest
    @MethodSource("checks")
    void comparesThePresentedKeyWithThePinnedOne(JsonNode check) {
        IdentityKeyPair me = TestVectors.identity(check.get("me").textValue());
        String friend = check.get("friendUserId").textValue();
        IdentityPublicKey presented = IdentityPublicKey.fromBase64Url(check.get("presented").textValue());
        KeyVault vault = KeyVault.create(me);
        if (!check.get("pinned").isNull()) {
            vault.pin(friend, IdentityPublicKey.fromBase64Url(check.get("pinned").textValue()));
        }

        assertThat(vault.check(friend, presented).name()).isEqualTo(check.get("expect").textValue());
        assertThat(SafetyNumber.of(me.publicKey(), presented)).isEqualTo(check.get("safetyNumberPresented").textValue());
        vault.pinnedKey(friend).ifPresent(pinned ->
                assertThat(SafetyNumber.of(me.publicKey(), pinned)).isEqualTo(check.get("safetyNumberPinned").textValue()));
    }
}

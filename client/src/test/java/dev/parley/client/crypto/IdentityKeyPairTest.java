package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityKeyPairTest {

    static Stream<Named<JsonNode>> identities() {
        return TestVectors.named(TestVectors.get("identities"), "name");
    }

    static Stream<String> lowOrderPublicKeys() {
        return TestVectors.list(TestVectors.get("lowOrderPublicKeys")).stream().map(JsonNode::textValue);
    }

    @ParameterizedTest
    @MethodSource("identities")
    void aPkcs8PrivateKeyFromWebCryptoGivesItsPublicKeyAndExportsTheSameBytes(JsonNode identity) {
        byte[] pkcs8 = TestVectors.bytes(identity.get("pkcs8"));

        IdentityKeyPair pair = IdentityKeyPair.fromPkcs8(pkcs8);

        assertThat(pair.publicKey().toBase64Url()).isEqualTo(identity.get("publicKey").textValue());
        assertThat(pair.privateKeyPkcs8()).isEqualTo(pkcs8);
    }

    @Test
    void bothSidesComputeTheVectorsSharedSecret() {
        IdentityKeyPair alice = TestVectors.identity("alice");
        IdentityKeyPair bob = TestVectors.identity("bob");
        byte[] expected = TestVectors.bytes(TestVectors.get("conversation").get("sharedSecret"));

        assertThat(alice.sharedSecretWith(bob.publicKey())).isEqualTo(expected);
        assertThat(bob.sharedSecretWith(alice.publicKey())).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("lowOrderPublicKeys")
    void aPublicKeyGivingAnAllZeroSharedSecretIsRefused(String publicKey) {
        IdentityKeyPair alice = TestVectors.identity("alice");

        assertThatThrownBy(() -> alice.sharedSecretWith(IdentityPublicKey.fromBase64Url(publicKey)))
                .isInstanceOf(ProtocolFormatException.class)
                .hasMessageContaining("all-zero shared secret");
    }

    @Test
    void aGeneratedKeyPairSurvivesExportAndImport() {
        IdentityKeyPair generated = IdentityKeyPair.generate();

        IdentityKeyPair imported = IdentityKeyPair.fromPkcs8(generated.privateKeyPkcs8());

        assertThat(imported.publicKey()).isEqualTo(generated.publicKey());
        assertThat(IdentityPublicKey.fromRaw(generated.publicKey().raw())).isEqualTo(generated.publicKey());
    }

    @Test
    void twoGeneratedKeyPairsAgreeOnTheirSharedSecret() {
        IdentityKeyPair one = IdentityKeyPair.generate();
        IdentityKeyPair two = IdentityKeyPair.generate();

        assertThat(one.sharedSecretWith(two.publicKey())).isEqualTo(two.sharedSecretWith(one.publicKey()));
    }

    @Test
    void somethingElseThanAnX25519PrivateKeyIsRefused() {
        assertThatThrownBy(() -> IdentityKeyPair.fromPkcs8(new byte[] {0x30, 0x00}))
                .isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void aPublicKeyOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> IdentityPublicKey.fromRaw(new byte[31])).isInstanceOf(ProtocolFormatException.class);
        assertThatThrownBy(() -> IdentityPublicKey.fromBase64Url("AAEC")).isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void thePrivateKeyNeverShowsInText() {
        IdentityKeyPair pair = IdentityKeyPair.generate();

        assertThat(pair.toString())
                .doesNotContain(Base64Url.encode(pair.privateKeyPkcs8()))
                .contains(pair.publicKey().toBase64Url());
    }
}

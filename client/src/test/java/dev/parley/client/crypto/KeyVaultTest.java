package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyVaultTest {

    private static final JsonNode VECTOR = TestVectors.get("vault");
    private static final WrapKey WRAP_KEY = new WrapKey(TestVectors.bytes(VECTOR.get("wrapKey")));
    private static final String USERNAME = VECTOR.get("username").textValue();

    static Stream<Named<JsonNode>> openFailures() {
        return TestVectors.named(VECTOR.get("openFailures"), "description");
    }

    private static KeyVault aliceVaultWithPins() {
        KeyVault vault = KeyVault.create(TestVectors.identity("alice"));
        vault.pin(TestVectors.userId("bob"), TestVectors.identity("bob").publicKey());
        vault.pin(TestVectors.userId("carol"), TestVectors.identity("carol").publicKey());
        return vault;
    }

    @Test
    void writesTheVectorsVaultJson() {
        assertThat(CanonicalJson.serialize(aliceVaultWithPins().toJson())).isEqualTo(VECTOR.get("vaultJson").textValue());
    }

    @Test
    void sealsToTheVectorsBytesWithItsNonce() {
        byte[] sealed = aliceVaultWithPins().seal(WRAP_KEY, USERNAME, TestVectors.bytes(VECTOR.get("nonce")));

        assertThat(Base64Url.encode(sealed)).isEqualTo(VECTOR.get("sealed").textValue());
    }

    @Test
    void opensTheVaultWebCryptoSealed() throws VaultOpenException {
        KeyVault vault = KeyVault.open(TestVectors.bytes(VECTOR.get("sealed")), WRAP_KEY, USERNAME);

        assertThat(vault.identity().publicKey()).isEqualTo(TestVectors.identity("alice").publicKey());
        assertThat(vault.pins()).containsOnlyKeys(TestVectors.userId("bob"), TestVectors.userId("carol"));
        assertThat(vault.pinnedKey(TestVectors.userId("bob"))).contains(TestVectors.identity("bob").publicKey());
    }

    @ParameterizedTest
    @MethodSource("openFailures")
    void aWrongKeyAnotherUserOrAChangedByteIsNotAuthentic(JsonNode failure) {
        WrapKey wrapKey = new WrapKey(TestVectors.bytes(failure.get("wrapKey")));

        assertThatThrownBy(() -> KeyVault.open(TestVectors.bytes(failure.get("sealed")), wrapKey, failure.get("username").textValue()))
                .as(failure.get("description").textValue())
                .isInstanceOfSatisfying(VaultOpenException.class,
                        e -> assertThat(e.reason()).isEqualTo(VaultOpenException.Reason.NOT_AUTHENTIC));
    }

    @Test
    void anAuthenticVaultThatIsNotVersionOneIsUnreadable() {
        String[] notVersionOne = {
            "not json",
            "{\"pins\":{},\"v\":2,\"x25519\":\"" + Base64Url.encode(TestVectors.identity("alice").privateKeyPkcs8()) + "\"}",
            "{\"pins\":{},\"v\":1}",
            "{\"pins\":{},\"v\":1,\"x25519\":\"AAEC\"}",
            "{\"pins\":{\"someone\":\"AAEC\"},\"v\":1,\"x25519\":\"" + Base64Url.encode(TestVectors.identity("alice").privateKeyPkcs8()) + "\"}",
        };
        for (String json : notVersionOne) {
            byte[] nonce = RandomBytes.of(AesGcm.NONCE_LENGTH);
            byte[] ciphertext = AesGcm.seal(WRAP_KEY.bytes(), nonce, json.getBytes(StandardCharsets.UTF_8),
                    Utf8.encode("parley/v1/vault/" + Usernames.canonicalize(USERNAME)));
            byte[] sealed = concat(nonce, ciphertext);

            assertThatThrownBy(() -> KeyVault.open(sealed, WRAP_KEY, USERNAME))
                    .as(json)
                    .isInstanceOfSatisfying(VaultOpenException.class,
                            e -> assertThat(e.reason()).isEqualTo(VaultOpenException.Reason.UNREADABLE));
        }
    }

    @Test
    void aVaultSealedWithPasswordKeysOpensWithTheSameKeysOnAnyDevice() throws VaultOpenException {
        PasswordKeys keys = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);
        KeyVault vault = aliceVaultWithPins();

        KeyVault reopened = KeyVault.open(vault.seal(keys), PasswordKeys.derive("alice1", "Pässwörd1!", 1000));

        assertThat(reopened.identity().publicKey()).isEqualTo(vault.identity().publicKey());
        assertThat(reopened.pins()).isEqualTo(vault.pins());
    }

    @Test
    void aPasswordChangeReSealsTheVaultSoOnlyTheNewPasswordOpensIt() throws VaultOpenException {
        PasswordKeys oldKeys = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);
        PasswordKeys newKeys = PasswordKeys.derive("Alice1", "N3w-Pässwörd", 1000);
        byte[] sealedWithOld = aliceVaultWithPins().seal(oldKeys);

        byte[] sealedWithNew = KeyVault.open(sealedWithOld, oldKeys).seal(newKeys);

        assertThat(KeyVault.open(sealedWithNew, newKeys).pins()).hasSize(2);
        assertThatThrownBy(() -> KeyVault.open(sealedWithNew, oldKeys)).isInstanceOf(VaultOpenException.class);
    }

    @Test
    void everySealUsesAFreshNonce() {
        PasswordKeys keys = PasswordKeys.derive("Alice1", "Pässwörd1!", 1000);
        KeyVault vault = aliceVaultWithPins();

        assertThat(Arrays.copyOf(vault.seal(keys), AesGcm.NONCE_LENGTH))
                .isNotEqualTo(Arrays.copyOf(vault.seal(keys), AesGcm.NONCE_LENGTH));
    }

    @Test
    void aPinnedKeyMatchesAndAnyOtherKeyIsReportedAsChanged() {
        KeyVault vault = KeyVault.create(IdentityKeyPair.generate());
        IdentityPublicKey first = IdentityKeyPair.generate().publicKey();
        IdentityPublicKey replacement = IdentityKeyPair.generate().publicKey();

        assertThat(vault.check("friend", first)).isEqualTo(PinCheck.NOT_PINNED);
        vault.pin("friend", first);
        assertThat(vault.check("friend", first)).isEqualTo(PinCheck.MATCHES);
        assertThat(vault.check("friend", replacement)).isEqualTo(PinCheck.CHANGED);

        vault.pin("friend", replacement);
        assertThat(vault.check("friend", replacement)).isEqualTo(PinCheck.MATCHES);
        assertThat(vault.pinnedKey("friend")).contains(replacement);
        assertThat(vault.pinnedKey("stranger")).isEmpty();
    }

    @Test
    void thePinsHandedOutCannotBeChangedBehindTheVaultsBack() {
        KeyVault vault = KeyVault.create(IdentityKeyPair.generate());

        assertThatThrownBy(() -> vault.pins().put("friend", IdentityKeyPair.generate().publicKey()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

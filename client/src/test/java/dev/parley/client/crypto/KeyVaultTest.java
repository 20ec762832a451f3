package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        return vault.withVersion(VECTOR.get("n").longValue());
    }

    static Stream<Named<JsonNode>> versionChecks() {
        return TestVectors.named(VECTOR.get("versionChecks"), "description");
    }

    static Stream<Named<JsonNode>> pinMerges() {
        return TestVectors.named(VECTOR.get("pinMerges"), "description");
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

    @Test
    void opensTheVersionSealedInside() throws VaultOpenException {
        KeyVault vault = KeyVault.open(TestVectors.bytes(VECTOR.get("sealed")), WRAP_KEY, USERNAME);

        assertThat(vault.version()).isEqualTo(VECTOR.get("n").longValue());
    }

    @Test
    void aVaultFromBeforeVersionOnePointOneOpensAsVersionZeroAndGetsOneWhenSealedAgain() throws VaultOpenException {
        KeyVault legacy = KeyVault.open(TestVectors.bytes(VECTOR.get("legacy").get("sealed")), WRAP_KEY, USERNAME);

        assertThat(legacy.version()).isZero();
        assertThat(legacy.pins()).containsOnlyKeys(TestVectors.userId("bob"));
        assertThat(CanonicalJson.serialize(legacy.toJson())).isEqualTo(VECTOR.get("legacy").get("vaultJson").textValue());
        assertThat(CanonicalJson.serialize(legacy.withVersion(8).toJson())).startsWith("{\"n\":8,");
    }

    @ParameterizedTest
    @MethodSource("versionChecks")
    void refusesARolledBackVaultOrOneUnderAnotherVersionAsTheVectorsSay(JsonNode check) throws VaultOpenException {
        KeyVault vault = KeyVault.open(TestVectors.bytes(check.get("sealed")), WRAP_KEY, USERNAME);

        assertThat(vault.version()).isEqualTo(check.get("n").longValue());
        assertThat(VaultVersionCheck.of(vault.version(), check.get("serverVersion").longValue(),
                check.get("highestSeen").longValue()).name()).isEqualTo(check.get("expect").textValue());
    }

    @ParameterizedTest
    @MethodSource("pinMerges")
    void mergingKeepsThisClientsPinsAndReportsTheOnesThatDiffer(JsonNode merge) {
        KeyVault mine = KeyVault.create(TestVectors.identity("alice"));
        merge.get("mine").properties().forEach(pin -> mine.pin(pin.getKey(), IdentityPublicKey.fromBase64Url(pin.getValue().textValue())));
        Map<String, IdentityPublicKey> stored = new TreeMap<>();
        merge.get("stored").properties().forEach(pin -> stored.put(pin.getKey(), IdentityPublicKey.fromBase64Url(pin.getValue().textValue())));

        List<PinConflict> conflicts = mine.mergePins(stored);

        Map<String, String> merged = new TreeMap<>();
        mine.pins().forEach((userId, key) -> merged.put(userId, key.toBase64Url()));
        Map<String, String> expected = new TreeMap<>();
        merge.get("merged").properties().forEach(pin -> expected.put(pin.getKey(), pin.getValue().textValue()));
        assertThat(merged).isEqualTo(expected);
        assertThat(conflicts).extracting(c -> c.userId() + " " + c.pinned().toBase64Url() + " " + c.stored().toBase64Url())
                .containsExactlyElementsOf(TestVectors.list(merge.get("conflicts")).stream()
                        .map(c -> c.get("userId").textValue() + " " + c.get("pinned").textValue() + " " + c.get("stored").textValue())
                        .toList());
    }

    @Test
    void aVersionBelowOneIsRefused() {
        assertThatThrownBy(() -> KeyVault.create(TestVectors.identity("alice")).withVersion(0))
                .isInstanceOf(IllegalArgumentException.class);
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
            "{\"n\":0,\"pins\":{},\"v\":1,\"x25519\":\"" + Base64Url.encode(TestVectors.identity("alice").privateKeyPkcs8()) + "\"}",
            "{\"n\":\"7\",\"pins\":{},\"v\":1,\"x25519\":\"" + Base64Url.encode(TestVectors.identity("alice").privateKeyPkcs8()) + "\"}",
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
    void anUnreadableVaultsErrorNeverQuotesWhatItHolds() {
        String secret = Base64Url.encode(TestVectors.identity("alice").privateKeyPkcs8());
        String broken = "{\"pins\":{},\"v\":1,\"x25519\":\"" + secret + "\" trailing";
        byte[] nonce = RandomBytes.of(AesGcm.NONCE_LENGTH);
        byte[] sealed = concat(nonce, AesGcm.seal(WRAP_KEY.bytes(), nonce, broken.getBytes(StandardCharsets.UTF_8),
                Utf8.encode("parley/v1/vault/" + Usernames.canonicalize(USERNAME))));

        assertThatThrownBy(() -> KeyVault.open(sealed, WRAP_KEY, USERNAME)).satisfies(e -> {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret.substring(0, 20));
            }
        });
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

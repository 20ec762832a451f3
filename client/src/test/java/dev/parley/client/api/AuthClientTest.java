package dev.parley.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.client.api.AuthClient.Session;
import dev.parley.client.api.AuthClient.VaultSave;
import dev.parley.client.crypto.Base64Url;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.KeyVault;
import dev.parley.client.crypto.PasswordKeys;
import dev.parley.client.crypto.VaultOpenException;
import dev.parley.client.crypto.VaultVersionCheck;
import dev.parley.client.state.ClientStateStore;

/**
 * AuthClient against a test double of the auth API that answers as a malicious or racing server would: fewer KDF
 * iterations than the floor on every path that derives keys, a rolled-back or renumbered vault, another device's
 * upload in between (PROTOCOL.md §2, 1.1).
 */
class AuthClientTest {

    private static final String USERNAME = "alice1";
    private static final String PASSWORD = "Correct7!Horse";
    /** Few iterations keep the tests fast; the client under test is told to accept them, except where the floor is tested. */
    private static final int TEST_ITERATIONS = 1_000;

    private final IdentityKeyPair identity = IdentityKeyPair.generate();
    private final PasswordKeys keys = PasswordKeys.derive(USERNAME, PASSWORD, TEST_ITERATIONS);
    private final String bob = "c9e8d7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f";
    private final String carol = "0f9e8d7c-6b5a-4948-8736-251403f2e1d0";
    private final ClientStateStore state = ClientStateStore.inMemory();
    private FakeAuthServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private FakeAuthServer serverWith(KeyVault vault, long version) throws Exception {
        server = new FakeAuthServer(USERNAME, identity.publicKey().toBase64Url(), TEST_ITERATIONS, sealed(vault, keys), version);
        return server;
    }

    private AuthClient lenientClient() {
        return new AuthClient(server.transport(), TEST_ITERATIONS, state);
    }

    private KeyVault vault(long n, String... pinned) {
        KeyVault vault = KeyVault.create(identity);
        for (String userId : pinned) {
            vault.pin(userId, keyOf(userId));
        }
        return vault.withVersion(n);
    }

    private static IdentityPublicKey keyOf(String userId) {
        // A fixed key per user id, so that the same friend has the same key on every device of a test.
        return IdentityKeyPair.fromPkcs8(pkcs8(userId.hashCode())).publicKey();
    }

    private static byte[] pkcs8(int seed) {
        byte[] pkcs8 = Base64Url.decode("MC4CAQAwBQYDK2VuBCIEIHcHbQpzGKV9PBbBclGyZkXfTC-H68CZKrF3-6UduSwq");
        pkcs8[pkcs8.length - 1] = (byte) seed;
        pkcs8[pkcs8.length - 2] = (byte) (seed >> 8);
        return pkcs8;
    }

    private static String sealed(KeyVault vault, PasswordKeys keys) {
        return Base64Url.encode(vault.seal(keys));
    }

    private static KeyVault opened(JsonNode sealedVault, PasswordKeys keys) throws VaultOpenException {
        return KeyVault.open(Base64Url.decode(sealedVault.asText()), keys);
    }

    // ---------------------------------------------------------------- the 600,000 floor, per path

    @Test
    void loginRefusesAServerAskingForFewerIterationsThanTheFloor() throws Exception {
        serverWith(vault(1), 1).kdfIterations = 599_999;

        assertThatThrownBy(() -> new AuthClient(server.transport()).login(USERNAME, PASSWORD))
                .isInstanceOf(WeakKdfException.class);
        assertThat(server.requests("POST", "/api/auth/login")).as("no authKey sent").isEmpty();
    }

    @Test
    void aPasswordChangeRefusesAServerAskingForFewerIterationsThanTheFloor() throws Exception {
        serverWith(vault(1), 1);
        Session session = lenientClient().login(USERNAME, PASSWORD);

        assertThatThrownBy(() -> new AuthClient(server.transport()).changePassword(session, PASSWORD, "Battery8?Staple",
                "Battery8?Staple")).isInstanceOf(WeakKdfException.class);
        assertThat(server.requests("POST", "/api/auth/password")).isEmpty();
    }

    @Test
    void anAccountDeletionRefusesAServerAskingForFewerIterationsThanTheFloor() throws Exception {
        serverWith(vault(1), 1);
        Session session = lenientClient().login(USERNAME, PASSWORD);

        assertThatThrownBy(() -> new AuthClient(server.transport()).deleteAccount(session, PASSWORD))
                .isInstanceOf(WeakKdfException.class);
        assertThat(server.requests("DELETE", "/api/auth/account")).isEmpty();
    }

    @Test
    void aVaultRestoreRefusesAServerAskingForFewerIterationsThanTheFloor() throws Exception {
        serverWith(vault(2), 2).keptVaults.put(1L, sealed(vault(1), keys));
        Session session = lenientClient().login(USERNAME, PASSWORD);

        assertThatThrownBy(() -> new AuthClient(server.transport()).restoreVault(session, 1, PASSWORD))
                .isInstanceOf(WeakKdfException.class);
        assertThat(server.requests("PUT", "/api/auth/vault")).isEmpty();
    }

    // ---------------------------------------------------------------- vault versions

    @Test
    void aVaultRolledBackAfterANewerOneWasOpenedIsRefused() throws Exception {
        serverWith(vault(7, bob, carol), 7);
        lenientClient().login(USERNAME, PASSWORD);
        server.vault = sealed(vault(6, bob), keys);
        server.vaultVersion = 6;

        assertThatThrownBy(() -> lenientClient().login(USERNAME, PASSWORD))
                .isInstanceOfSatisfying(VaultVersionException.class, e -> {
                    assertThat(e.check()).isEqualTo(VaultVersionCheck.ROLLED_BACK);
                    assertThat(e.highestSeen()).isEqualTo(7);
                });
        assertThat(server.requests("POST", "/api/auth/session/logout")).as("the session of the refused vault ended")
                .hasSize(1);
    }

    @Test
    void anOlderVaultUnderTheCurrentVersionNumberIsRefusedEvenOnAFirstLogin() throws Exception {
        serverWith(vault(6, bob), 7);

        assertThatThrownBy(() -> lenientClient().login(USERNAME, PASSWORD))
                .isInstanceOfSatisfying(VaultVersionException.class,
                        e -> assertThat(e.check()).isEqualTo(VaultVersionCheck.VERSION_MISMATCH));
    }

    @Test
    void aVaultFromBeforeVersionOnePointOneIsUsedAndGetsAVersionOnItsNextUpload() throws Exception {
        // The test vectors' vault sealed without n, as clients before 1.1 sealed it, with its owner's password.
        JsonNode vectors = new ObjectMapper().readTree(Path.of("..", "docs", "protocol", "test-vectors.json").toFile());
        JsonNode alice = vectors.get("identities").get(0);
        server = new FakeAuthServer("Alice1", alice.get("publicKey").asText(), TEST_ITERATIONS,
                vectors.get("vault").get("legacy").get("sealed").asText(), 4);
        Session session = lenientClient().login("Alice1", "Pässwörd1!");
        assertThat(session.vault().version()).isZero();

        session.vault().pin(carol, keyOf(carol));
        lenientClient().savePins(session);

        JsonNode upload = server.requests("PUT", "/api/auth/vault").get(0).body();
        assertThat(opened(upload.get("vault"), PasswordKeys.derive("Alice1", "Pässwörd1!", TEST_ITERATIONS)).version())
                .isEqualTo(5);
        assertThat(lenientClient().highestVaultVersion("Alice1")).isEqualTo(5);
    }

    // ---------------------------------------------------------------- uploads

    @Test
    void aVaultUploadCarriesTheAuthKeyAndSealsTheVersionItCreates() throws Exception {
        serverWith(vault(3), 3);
        Session session = lenientClient().login(USERNAME, PASSWORD);
        session.vault().pin(bob, keyOf(bob));

        VaultSave saved = lenientClient().savePins(session);

        JsonNode upload = server.requests("PUT", "/api/auth/vault").get(0).body();
        assertThat(upload.path("authKey").asText()).isEqualTo(keys.authKeyBase64Url());
        assertThat(upload.path("expectedVersion").asLong()).isEqualTo(3);
        assertThat(opened(upload.get("vault"), keys).version()).isEqualTo(4);
        assertThat(saved.session().account().vaultVersion()).isEqualTo(4);
        assertThat(saved.pinConflicts()).isEmpty();
    }

    @Test
    void anUploadThatMeetsAnotherDevicesMergesItsPinsAndNeverOverwritesADifferentPinSilently() throws Exception {
        serverWith(vault(3), 3);
        Session session = lenientClient().login(USERNAME, PASSWORD);
        session.vault().pin(bob, keyOf(bob));
        server.conflictingUploads = 1;
        server.otherDevice = () -> {
            KeyVault theirs = vault(4, carol);
            theirs.pin(bob, keyOf(carol)); // the other device pinned another key for bob
            server.vault = sealed(theirs, keys);
            server.vaultVersion = 4;
        };

        VaultSave saved = lenientClient().savePins(session);

        List<FakeAuthServer.Request> uploads = server.requests("PUT", "/api/auth/vault");
        assertThat(uploads).hasSize(2);
        KeyVault stored = opened(uploads.get(1).body().get("vault"), keys);
        assertThat(stored.version()).isEqualTo(5);
        assertThat(stored.pins()).containsOnlyKeys(bob, carol);
        assertThat(stored.pinnedKey(bob)).as("this client's pin is kept").contains(keyOf(bob));
        assertThat(saved.pinConflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.userId()).isEqualTo(bob);
            assertThat(conflict.stored()).isEqualTo(keyOf(carol));
        });
    }

    @Test
    void aPasswordChangeReSealsTheVaultStoredNowWithAllPinsAsTheNextVersion() throws Exception {
        serverWith(vault(3, bob), 3);
        Session session = lenientClient().login(USERNAME, PASSWORD);
        server.vault = sealed(vault(4, bob, carol), keys); // another device pinned carol since
        server.vaultVersion = 4;

        Session changed = lenientClient().changePassword(session, PASSWORD, "Battery8?Staple", "Battery8?Staple");

        JsonNode request = server.requests("POST", "/api/auth/password").get(0).body();
        PasswordKeys newKeys = PasswordKeys.derive(USERNAME, "Battery8?Staple", TEST_ITERATIONS);
        KeyVault sent = opened(request.get("vault"), newKeys);
        assertThat(sent.version()).isEqualTo(5);
        assertThat(request.path("vaultVersion").asLong()).isEqualTo(4);
        assertThat(sent.pins()).containsOnlyKeys(bob, carol);
        assertThat(changed.vault().pins()).containsOnlyKeys(bob, carol);
    }

    @Test
    void aRestoreReSealsAnOlderVersionAsTheNextOneWithTheCurrentPinsMergedIn() throws Exception {
        serverWith(vault(6, bob), 6).keptVaults.put(2L, sealed(vault(2, carol), keys));
        Session session = lenientClient().login(USERNAME, PASSWORD);

        VaultSave restored = lenientClient().restoreVault(session, 2, PASSWORD);

        JsonNode upload = server.requests("PUT", "/api/auth/vault").get(0).body();
        KeyVault stored = opened(upload.get("vault"), keys);
        assertThat(stored.version()).isEqualTo(7);
        assertThat(stored.pins()).containsOnlyKeys(bob, carol);
        assertThat(upload.path("authKey").asText()).isEqualTo(keys.authKeyBase64Url());
        assertThat(restored.session().account().vaultVersion()).isEqualTo(7);
    }

    // ---------------------------------------------------------------- device token, secrets

    @Test
    void theDeviceTokenOfALoginIsKeptAndSentOnTheNextLoginOfThatAccount() throws Exception {
        serverWith(vault(1), 1).deviceTokenToGive = "device-token-1";
        lenientClient().login(USERNAME, PASSWORD);
        lenientClient().login(USERNAME, PASSWORD);

        List<FakeAuthServer.Request> logins = server.requests("POST", "/api/auth/login");
        assertThat(logins.get(0).body().has("deviceToken")).isFalse();
        assertThat(logins.get(1).body().path("deviceToken").asText()).isEqualTo("device-token-1");
    }

    @Test
    void aSessionsToStringShowsNoTokenOrKey() throws Exception {
        serverWith(vault(1), 1);
        Session session = lenientClient().login(USERNAME, PASSWORD);

        assertThat(session.toString()).contains(USERNAME)
                .doesNotContain("access-token-secret", "refresh-token-secret", keys.authKeyBase64Url());
    }
}

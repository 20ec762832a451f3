package dev.parley.client.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.client.crypto.Base64Url;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.KeyVault;
import dev.parley.client.crypto.PasswordKeys;
import dev.parley.client.crypto.PinConflict;
import dev.parley.client.crypto.SignUpMessages;
import dev.parley.client.crypto.SignUpValidator;
import dev.parley.client.crypto.Usernames;
import dev.parley.client.crypto.VaultOpenException;
import dev.parley.client.crypto.VaultVersionCheck;
import dev.parley.client.state.ClientStateStore;

/**
 * A typed client of the auth API that does the client's share of the protocol (PROTOCOL.md §1–2): the password
 * stays here; only the derived authKey, the public key and the sealed vault are sent.
 */
public final class AuthClient {

    /** The account as the server describes it to its owner. */
    public record Account(UUID userId, String username, String publicKey, int kdfIterations, String vault,
            long vaultVersion, Instant createdAt) {
    }

    /** Another user's public identity. */
    public record PublicIdentity(UUID userId, String username, String publicKey) {
        public IdentityPublicKey key() {
            return IdentityPublicKey.fromBase64Url(publicKey);
        }
    }

    /**
     * A signed-in session: tokens, the open vault (with the identity private key) and the keys derived from the
     * password, kept to re-seal the vault. Its {@code toString()} names the account only: tokens and keys never go
     * to a log.
     */
    public record Session(String accessToken, Instant accessTokenExpiresAt, String refreshToken, Account account,
            KeyVault vault, PasswordKeys passwordKeys) {
        public UUID userId() {
            return account.userId();
        }

        Session with(Account changedAccount, KeyVault changedVault) {
            return new Session(accessToken, accessTokenExpiresAt, refreshToken, changedAccount, changedVault, passwordKeys);
        }

        @Override
        public String toString() {
            return "Session[" + account.username() + " " + account.userId() + ", access token expires at "
                    + accessTokenExpiresAt + "]";
        }
    }

    /**
     * A vault upload's outcome: the session at the new version, and the pins another device stored that differ from
     * this client's (kept as this client pinned them, never overwritten): warn about each as about a changed key.
     */
    public record VaultSave(Session session, List<PinConflict> pinConflicts) {
    }

    /** A kept version of the vault, as the server lists them (newest first). */
    public record VaultVersionInfo(long version, Instant createdAt) {
    }

    private record SessionAnswer(String accessToken, Instant accessTokenExpiresAt, String refreshToken, Account account,
            String deviceToken) {
    }

    private record KdfAnswer(int kdfIterations) {
    }

    private record VaultAnswer(long vaultVersion) {
    }

    private record VersionsAnswer(List<VaultVersionInfo> versions) {
    }

    private record StoredVersion(long version, String vault, Instant createdAt) {
    }

    /** Tries of an upload that meets another device's upload each time (409), re-reading and merging in between. */
    private static final int VAULT_ATTEMPTS = 3;

    private final ApiTransport api;
    private final int minKdfIterations;
    private final ClientStateStore state;

    /**
     * @param minKdfIterations the lowest KDF iteration count this client accepts from the server: a lower count
     *                         from a malicious server would make the password cheap to guess from the authKey
     * @param state            where the highest vault version opened and the device token are kept per account;
     *                         in memory, a restarted client cannot tell a rolled-back vault
     */
    public AuthClient(ApiTransport api, int minKdfIterations, ClientStateStore state) {
        this.api = api;
        this.minKdfIterations = minKdfIterations;
        this.state = state;
    }

    public AuthClient(ApiTransport api, int minKdfIterations) {
        this(api, minKdfIterations, ClientStateStore.inMemory());
    }

    public AuthClient(ApiTransport api) {
        this(api, PasswordKeys.DEFAULT_ITERATIONS);
    }

    /** Checks the sign-up rules here first (the server never sees the password), then creates the account. */
    public Account signUp(String username, String password, String passwordAgain, int kdfIterations) {
        List<String> problems = SignUpValidator.validate(username, password, passwordAgain);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_sign_up", String.join(" ", problems), problems);
        }
        requireIterations(kdfIterations);
        PasswordKeys keys = PasswordKeys.derive(username, password, kdfIterations);
        IdentityKeyPair identity = IdentityKeyPair.generate();
        byte[] vault = KeyVault.create(identity).seal(keys);
        return api.call("POST", "/api/auth/signup", null, Map.of(
                "username", username,
                "authKey", keys.authKeyBase64Url(),
                "kdfIterations", kdfIterations,
                "publicKey", identity.publicKey().toBase64Url(),
                "vault", Base64Url.encode(vault)), Account.class);
    }

    public int prelogin(String username) {
        return api.call("POST", "/api/auth/prelogin", null, Map.of("username", username), KdfAnswer.class).kdfIterations();
    }

    /** Logs in and opens the key vault with the password. */
    public Session login(String username, String password) {
        if (username.isBlank() || password.isEmpty()) {
            throw new ApiException(400, "missing_fields", SignUpMessages.FILL_IN_ALL_FIELDS, List.of());
        }
        int iterations = prelogin(username);
        requireIterations(iterations);
        PasswordKeys keys = PasswordKeys.derive(username, password, iterations);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("username", username);
        request.put("authKey", keys.authKeyBase64Url());
        // The server never locks out a device it knows, however many failed logins others cause.
        state.read(deviceTokenKey(keys)).ifPresent(token -> request.put("deviceToken", token));
        SessionAnswer answer = api.call("POST", "/api/auth/login", null, request, SessionAnswer.class);
        if (answer.deviceToken() != null) {
            state.write(deviceTokenKey(keys), answer.deviceToken());
        }
        return session(answer, keys);
    }

    /** A new access token; the refresh token rotates, so the old session object must not be used again. */
    public Session refresh(Session session) {
        SessionAnswer answer = api.call("POST", "/api/auth/session/refresh", null,
                Map.of("refreshToken", session.refreshToken()), SessionAnswer.class);
        return new Session(answer.accessToken(), answer.accessTokenExpiresAt(), answer.refreshToken(), answer.account(),
                session.vault(), session.passwordKeys());
    }

    public void logout(Session session) {
        api.call("POST", "/api/auth/session/logout", null, Map.of("refreshToken", session.refreshToken()), null);
    }

    public void logoutEverywhere(Session session) {
        api.call("POST", "/api/auth/logout-all", session.accessToken(), null, null);
    }

    public Account me(Session session) {
        return api.call("GET", "/api/auth/me", session.accessToken(), null, Account.class);
    }

    public PublicIdentity publicIdentity(Session session, String username) {
        return api.call("GET", "/api/auth/public-keys?username=" + java.net.URLEncoder.encode(username,
                java.nio.charset.StandardCharsets.UTF_8), session.accessToken(), null, PublicIdentity.class);
    }

    /**
     * Uploads the session's vault as version {@code expectedVersion + 1} (sealed inside it) over {@code
     * expectedVersion}, with the authKey, which the server checks like a login; a 409 {@code vault_conflict} means
     * another device changed it: {@link #savePins} re-reads and merges.
     */
    public long saveVault(Session session, long expectedVersion) {
        return upload(session.accessToken(), session.vault(), session.passwordKeys(), expectedVersion);
    }

    /**
     * Uploads the session's vault after its pins changed (a friend's key pinned on first use, or a changed key
     * accepted). When another device uploaded meanwhile, its vault is read, checked like at login, and its pins are
     * merged: pins this client lacks are taken over, and one that differs from this client's is kept as this client
     * pinned it and returned as a conflict.
     */
    public VaultSave savePins(Session session) {
        Session current = session;
        List<PinConflict> conflicts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                long version = upload(current.accessToken(), current.vault(), current.passwordKeys(),
                        current.account().vaultVersion());
                return new VaultSave(current.with(withVaultVersion(current.account(), version),
                        current.vault().withVersion(version)), conflicts);
            } catch (ApiException e) {
                if (e.status() != 409 || attempt == VAULT_ATTEMPTS) {
                    throw e;
                }
            }
            Account stored = me(current);
            KeyVault storedVault = openChecked(stored, current.passwordKeys());
            conflicts.addAll(current.vault().mergePins(storedVault.pins()));
            current = current.with(stored, current.vault());
        }
    }

    /** The versions of the vault the server keeps (the current one included), newest first. */
    public List<VaultVersionInfo> vaultVersions(Session session) {
        return api.call("GET", "/api/auth/vault/versions", session.accessToken(), null, VersionsAnswer.class).versions();
    }

    /**
     * Makes a kept older version of the vault current again, as a new version: its identity key, with the pins of the
     * current vault merged in (the current ones win, differing old ones are returned as conflicts). The password is
     * asked again, since a restore changes keys.
     *
     * @throws IllegalStateException if that version holds another identity key than the account publishes, since
     *                               restoring it would make every conversation unreadable
     */
    public VaultSave restoreVault(Session session, long version, String password) {
        Account account = me(session);
        requireIterations(account.kdfIterations());
        PasswordKeys keys = PasswordKeys.derive(account.username(), password, account.kdfIterations());
        StoredVersion old = api.call("GET", "/api/auth/vault/versions/" + version, session.accessToken(), null,
                StoredVersion.class);
        KeyVault restored;
        try {
            restored = KeyVault.open(Base64Url.decode(old.vault()), keys);
        } catch (VaultOpenException e) {
            throw new IllegalStateException("Vault version " + version + " does not open with this password", e);
        }
        if (!restored.identity().publicKey().toBase64Url().equals(account.publicKey())) {
            throw new IllegalStateException("Vault version " + version + " holds another identity key than the one"
                    + " your friends know; restoring it would make your conversations unreadable");
        }
        KeyVault current = openChecked(account, keys);
        Map<String, IdentityPublicKey> oldPins = restored.pins();
        KeyVault merged = current.withVersion(account.vaultVersion() + 1);
        List<PinConflict> conflicts = merged.mergePins(oldPins);
        long saved = upload(session.accessToken(), merged, keys, account.vaultVersion());
        return new VaultSave(new Session(session.accessToken(), session.accessTokenExpiresAt(), session.refreshToken(),
                withVaultVersion(account, saved), merged.withVersion(saved), keys), conflicts);
    }

    /**
     * Re-seals the vault under the new password and swaps both on the server; other sessions end. The vault sealed
     * is the one stored now (another device may have pinned keys since this session opened it), with this session's
     * pins merged in, as version {@code vaultVersion + 1}.
     */
    public Session changePassword(Session session, String currentPassword, String newPassword, String newPasswordAgain) {
        String username = session.account().username();
        List<String> problems = SignUpValidator.validate(username, newPassword, newPasswordAgain);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_password", String.join(" ", problems), problems);
        }
        Account current = me(session);
        requireIterations(current.kdfIterations());
        PasswordKeys currentKeys = PasswordKeys.derive(username, currentPassword, current.kdfIterations());
        PasswordKeys newKeys = PasswordKeys.derive(username, newPassword, current.kdfIterations());
        KeyVault stored = openChecked(current, currentKeys);
        KeyVault merged = session.vault().withVersion(current.vaultVersion() + 1);
        merged.mergePins(stored.pins());
        byte[] sealed = merged.seal(newKeys);
        Account changed = api.call("POST", "/api/auth/password", session.accessToken(), Map.of(
                "currentAuthKey", currentKeys.authKeyBase64Url(),
                "newAuthKey", newKeys.authKeyBase64Url(),
                "kdfIterations", current.kdfIterations(),
                "vault", Base64Url.encode(sealed),
                "vaultVersion", current.vaultVersion()), Account.class);
        rememberVaultVersion(newKeys, merged.version());
        return new Session(session.accessToken(), session.accessTokenExpiresAt(), session.refreshToken(), changed,
                merged, newKeys);
    }

    public void deleteAccount(Session session, String password) {
        Account account = me(session);
        requireIterations(account.kdfIterations());
        PasswordKeys keys = PasswordKeys.derive(account.username(), password, account.kdfIterations());
        api.call("DELETE", "/api/auth/account", session.accessToken(), Map.of("authKey", keys.authKeyBase64Url()), null);
    }

    /** The highest vault version this client has opened or stored for the account, 0 before the first. */
    public long highestVaultVersion(String username) {
        return state.read(vaultVersionKey(Usernames.canonicalize(username))).map(Long::parseLong).orElse(0L);
    }

    /** PUT /api/auth/vault with the authKey (the server checks it like a login, so a token alone cannot do it). */
    private long upload(String accessToken, KeyVault vault, PasswordKeys keys, long expectedVersion) {
        byte[] sealed = vault.withVersion(expectedVersion + 1).seal(keys);
        long version = api.call("PUT", "/api/auth/vault", accessToken, Map.of(
                "vault", Base64Url.encode(sealed),
                "expectedVersion", expectedVersion,
                "authKey", keys.authKeyBase64Url()), VaultAnswer.class).vaultVersion();
        rememberVaultVersion(keys, expectedVersion + 1);
        return version;
    }

    /** The session of a login; a refused vault ends the session it came with, so that nothing is uploaded over it. */
    private Session session(SessionAnswer answer, PasswordKeys keys) {
        KeyVault vault;
        try {
            vault = openChecked(answer.account(), keys);
        } catch (VaultVersionException e) {
            try {
                api.call("POST", "/api/auth/session/logout", null, Map.of("refreshToken", answer.refreshToken()), null);
            } catch (RuntimeException logoutFailed) {
                e.addSuppressed(logoutFailed);
            }
            throw e;
        }
        return new Session(answer.accessToken(), answer.accessTokenExpiresAt(), answer.refreshToken(), answer.account(),
                vault, keys);
    }

    /** Opens the account's vault and refuses it when its sealed version says the server replaced it. */
    private KeyVault openChecked(Account account, PasswordKeys keys) {
        KeyVault vault;
        try {
            vault = KeyVault.open(Base64Url.decode(account.vault()), keys);
        } catch (VaultOpenException e) {
            throw new IllegalStateException("The key vault from the server does not open with this password", e);
        }
        long highest = highestVaultVersion(keys.canonicalUsername());
        VaultVersionCheck check = VaultVersionCheck.of(vault.version(), account.vaultVersion(), highest);
        if (check != VaultVersionCheck.ACCEPTED) {
            throw new VaultVersionException(check, vault.version(), account.vaultVersion(), highest);
        }
        rememberVaultVersion(keys, vault.version());
        return vault;
    }

    private void rememberVaultVersion(PasswordKeys keys, long version) {
        if (version > highestVaultVersion(keys.canonicalUsername())) {
            state.write(vaultVersionKey(keys.canonicalUsername()), Long.toString(version));
        }
    }

    private static Account withVaultVersion(Account account, long version) {
        return new Account(account.userId(), account.username(), account.publicKey(), account.kdfIterations(),
                account.vault(), version, account.createdAt());
    }

    private static String vaultVersionKey(String canonicalUsername) {
        return "vault-version/" + canonicalUsername;
    }

    private static String deviceTokenKey(PasswordKeys keys) {
        return "device-token/" + keys.canonicalUsername();
    }

    private void requireIterations(int iterations) {
        if (iterations < minKdfIterations) {
            throw new WeakKdfException(iterations, minKdfIterations);
        }
    }
}

package dev.parley.client.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.client.crypto.Base64Url;
import dev.parley.client.crypto.IdentityKeyPair;
import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.KeyVault;
import dev.parley.client.crypto.PasswordKeys;
import dev.parley.client.crypto.SignUpMessages;
import dev.parley.client.crypto.SignUpValidator;
import dev.parley.client.crypto.VaultOpenException;

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
     * password, kept to re-seal the vault.
     */
    public record Session(String accessToken, Instant accessTokenExpiresAt, String refreshToken, Account account,
            KeyVault vault, PasswordKeys passwordKeys) {
        public UUID userId() {
            return account.userId();
        }
    }

    private record SessionAnswer(String accessToken, Instant accessTokenExpiresAt, String refreshToken, Account account) {
    }

    private record KdfAnswer(int kdfIterations) {
    }

    private record VaultAnswer(long vaultVersion) {
    }

    private final ApiTransport api;
    private final int minKdfIterations;

    /**
     * @param minKdfIterations the lowest KDF iteration count this client accepts from the server: a lower count
     *                         from a malicious server would make the password cheap to guess from the authKey
     */
    public AuthClient(ApiTransport api, int minKdfIterations) {
        this.api = api;
        this.minKdfIterations = minKdfIterations;
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
        SessionAnswer answer = api.call("POST", "/api/auth/login", null,
                Map.of("username", username, "authKey", keys.authKeyBase64Url()), SessionAnswer.class);
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
     * Uploads the session's vault (after pinning a friend's key, say) over the version it was read at; a 409
     * {@code vault_conflict} means another device changed it: re-read, merge, try again.
     */
    public long saveVault(Session session, long expectedVersion) {
        byte[] sealed = session.vault().seal(session.passwordKeys());
        return api.call("PUT", "/api/auth/vault", session.accessToken(),
                Map.of("vault", Base64Url.encode(sealed), "expectedVersion", expectedVersion), VaultAnswer.class).vaultVersion();
    }

    /** Re-wraps the vault under the new password and swaps both on the server; other sessions end. */
    public Session changePassword(Session session, String currentPassword, String newPassword, String newPasswordAgain) {
        String username = session.account().username();
        List<String> problems = SignUpValidator.validate(username, newPassword, newPasswordAgain);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_password", String.join(" ", problems), problems);
        }
        Account current = me(session);
        PasswordKeys currentKeys = PasswordKeys.derive(username, currentPassword, current.kdfIterations());
        PasswordKeys newKeys = PasswordKeys.derive(username, newPassword, current.kdfIterations());
        byte[] sealed = session.vault().seal(newKeys);
        Account changed = api.call("POST", "/api/auth/password", session.accessToken(), Map.of(
                "currentAuthKey", currentKeys.authKeyBase64Url(),
                "newAuthKey", newKeys.authKeyBase64Url(),
                "kdfIterations", current.kdfIterations(),
                "vault", Base64Url.encode(sealed),
                "vaultVersion", current.vaultVersion()), Account.class);
        return new Session(session.accessToken(), session.accessTokenExpiresAt(), session.refreshToken(), changed,
                session.vault(), newKeys);
    }

    public void deleteAccount(Session session, String password) {
        PasswordKeys keys = PasswordKeys.derive(session.account().username(), password, session.account().kdfIterations());
        api.call("DELETE", "/api/auth/account", session.accessToken(), Map.of("authKey", keys.authKeyBase64Url()), null);
    }

    private Session session(SessionAnswer answer, PasswordKeys keys) {
        try {
            KeyVault vault = KeyVault.open(Base64Url.decode(answer.account().vault()), keys);
            return new Session(answer.accessToken(), answer.accessTokenExpiresAt(), answer.refreshToken(), answer.account(),
                    vault, keys);
        } catch (VaultOpenException e) {
            throw new IllegalStateException("The key vault from the server does not open with this password", e);
        }
    }

    private void requireIterations(int iterations) {
        if (iterations < minKdfIterations) {
            throw new IllegalStateException("The server asks for " + iterations + " KDF iterations; this client requires at"
                    + " least " + minKdfIterations);
        }
    }
}

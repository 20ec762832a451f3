package dev.parley.auth.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.parley.auth.Account;
import dev.parley.auth.service.Inputs;

/** The JSON bodies of the auth API. Binary values are base64url without padding. */
final class Dtos {

    private Dtos() {
    }

    record PreloginRequest(String username) {
    }

    record PreloginResponse(int kdfIterations) {
    }

    record SignupRequest(String username, String authKey, Integer kdfIterations, String publicKey, String vault) {
    }

    /** {@code refreshTokenDelivery}: "body" (default, for apps) or "cookie" (browsers: an HttpOnly cookie). */
    /** {@code deviceToken}: what an earlier login of this device returned (apps; browsers send it as a cookie). */
    record LoginRequest(String username, String authKey, String refreshTokenDelivery, String deviceToken) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record ChangePasswordRequest(String currentAuthKey, String newAuthKey, Integer kdfIterations, String vault,
            Long vaultVersion) {
    }

    record DeleteAccountRequest(String authKey) {
    }

    /** {@code authKey} proves the password: an access token alone cannot replace the keys. */
    record VaultUpdate(String vault, Long expectedVersion, String authKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeptVaultView(long version, String vault, Instant createdAt) {
    }

    record VaultVersions(java.util.List<KeptVaultView> versions) {
    }

    record VaultVersion(long vaultVersion) {
    }

    /** The signed-in user's own account, with what a device needs to open the vault. */
    record AccountView(UUID userId, String username, String publicKey, int kdfIterations, String vault, long vaultVersion,
            Instant createdAt) {
        static AccountView of(Account account) {
            return new AccountView(account.id, account.username, Inputs.base64Url(account.publicKey), account.kdfIterations,
                    Inputs.base64Url(account.vault), account.vaultVersion, account.createdAt);
        }
    }

    /** What anyone signed in may know about another user. */
    record PublicKeyView(UUID userId, String username, String publicKey) {
        static PublicKeyView of(Account account) {
            return new PublicKeyView(account.id, account.username, Inputs.base64Url(account.publicKey));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionResponse(String accessToken, Instant accessTokenExpiresAt, String refreshToken,
            Instant refreshTokenExpiresAt, AccountView account, String deviceToken) {
    }
}

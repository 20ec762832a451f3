package dev.parley.auth.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.VaultHistoryRepository;
import io.smallrye.mutiny.Uni;

/**
 * Accounts: sign-up, password change, vault updates and deletion. Every change other services must know about is
 * announced on the users topic through the outbox, in the same transaction; the reads and the transactions are
 * {@link AccountStore}'s.
 */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    /** A sign-up, already checked for shape. */
    public record NewAccount(String username, byte[] authKey, int kdfIterations, byte[] publicKey, byte[] vault) {
    }

    /** A password change: the current authKey proves the user, the rest replaces it atomically. */
    public record PasswordChange(byte[] currentAuthKey, byte[] newAuthKey, int kdfIterations, byte[] vault,
            long expectedVaultVersion) {
    }

    /** Vault versions kept per account, the current one included. */
    public static final int KEPT_VAULT_VERSIONS = 10;

    private final AccountStore store;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final AuthConfig config;

    AccountService(AccountStore store, CredentialHasher hasher, LoginThrottle throttle, AuthConfig config) {
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.config = config;
    }

    /** Checks the request, derives the credential (a taken name is refused before that work), creates the account. */
    public Uni<Account> signUp(NewAccount request) {
        return requireKdfIterations(request.kdfIterations())
                .chain(() -> requireVaultSize(request.vault()))
                .chain(() -> store.findByUsername(request.username()))
                .chain(existing -> existing != null ? Uni.createFrom().<CredentialHasher.Credential>failure(usernameTaken())
                        : hasher.create(request.authKey()))
                .chain(credential -> store.create(request, credential))
                .onFailure(AccountService::isUniqueViolation).transform(e -> usernameTaken())
                .invoke(account -> LOG.infof("User %s signed up", account.id));
    }

    public Uni<Account> find(UUID accountId) {
        return store.find(accountId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("Your account no longer exists."));
    }

    public Uni<Account> findByUsername(String username) {
        return store.findByUsername(username);
    }

    /**
     * Replaces credential and vault in one transaction after checking the current authKey, and ends every other
     * session. Wrong keys count against this session in the throttle.
     */
    public Uni<Account> changePassword(UUID accountId, UUID currentSession, PasswordChange change) {
        return requireKdfIterations(change.kdfIterations())
                .chain(() -> requireVaultSize(change.vault()))
                .chain(() -> provenAccount(accountId, change.currentAuthKey(), currentSession))
                .chain(account -> hasher.create(change.newAuthKey()))
                .chain(credential -> store.changePassword(accountId, currentSession, change, credential))
                .invoke(account -> LOG.infof("User %s changed their password; other sessions ended", accountId));
    }

    /**
     * Replaces the vault if the caller proves the password (an access token alone must not be able to destroy the
     * keys) and saw the latest version; otherwise 403, or 409 so it re-reads and merges. Keeps the version replaced.
     */
    public Uni<Long> replaceVault(UUID accountId, UUID currentSession, long expectedVersion, byte[] vault, byte[] authKey) {
        return requireVaultSize(vault)
                .chain(() -> provenAccount(accountId, authKey, currentSession))
                .chain(account -> store.replaceVault(accountId, expectedVersion, vault));
    }

    /** The kept versions of the user's vault, newest first. */
    public Uni<List<VaultHistoryRepository.KeptVault>> vaultVersions(UUID accountId) {
        return find(accountId).chain(account -> store.vaultVersions(accountId));
    }

    /** One kept version of the user's vault, with its sealed content; 404 when it is no longer kept. */
    public Uni<VaultHistoryRepository.KeptVault> vaultVersion(UUID accountId, long version) {
        return find(accountId).chain(account -> store.vaultVersion(accountId, version))
                .onItem().ifNull().failWith(() -> new ApiException(404, ErrorCode.NOT_FOUND,
                        "That version of your key vault is not kept."));
    }

    /**
     * Deletes the account after checking its authKey, announces it with a tombstone on the users topic, and ends
     * its sessions.
     */
    public Uni<Void> delete(UUID accountId, UUID currentSession, byte[] authKey) {
        return provenAccount(accountId, authKey, currentSession)
                .chain(account -> store.delete(accountId, currentSession))
                .invoke(() -> LOG.infof("User %s deleted their account", accountId));
    }

    /** The signed-in user's account, once they have proven the password again. */
    private Uni<Account> provenAccount(UUID accountId, byte[] authKey, UUID session) {
        return find(accountId).call(account -> requireAuthKey(account, authKey, session));
    }

    /** The password proven again by a signed-in user; failures count against the session, never the account. */
    private Uni<Void> requireAuthKey(Account account, byte[] authKey, UUID session) {
        if (authKey == null) {
            return Uni.createFrom().failure(new ApiException(403, ErrorCode.PASSWORD_REQUIRED,
                    "Enter your password to change your keys."));
        }
        LoginThrottle.Attempt attempt = throttle.fromSession(session);
        return throttle.checkAllowed(attempt)
                .chain(() -> hasher.matches(account, authKey))
                .chain(matches -> matches ? Uni.createFrom().voidItem() : refuseWrongPassword(attempt));
    }

    private Uni<Void> refuseWrongPassword(LoginThrottle.Attempt attempt) {
        return throttle.recordFailure(attempt)
                .chain(() -> Uni.createFrom().failure(ApiException.forbidden("The current password is not correct.")));
    }

    private Uni<Void> requireKdfIterations(int iterations) {
        AuthConfig.Kdf kdf = config.kdf();
        if (iterations < kdf.minIterations() || iterations > kdf.maxIterations()) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.INVALID_KDF_ITERATIONS,
                    "kdfIterations must be between " + kdf.minIterations() + " and " + kdf.maxIterations() + "."));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> requireVaultSize(byte[] vault) {
        if (vault.length > config.maxVaultBytes()) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.VAULT_TOO_LARGE,
                    "The key vault is larger than " + config.maxVaultBytes() + " bytes."));
        }
        if (vault.length < 12 + 16) {
            return Uni.createFrom().failure(
                    ApiException.badRequest(ErrorCode.INVALID_VAULT, "The key vault is too short to be a sealed vault."));
        }
        return Uni.createFrom().voidItem();
    }

    private static ApiException usernameTaken() {
        return ApiException.conflict(ErrorCode.USERNAME_TAKEN, Inputs.USERNAME_EXISTS);
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("duplicate key value")) {
                return true;
            }
        }
        return false;
    }
}

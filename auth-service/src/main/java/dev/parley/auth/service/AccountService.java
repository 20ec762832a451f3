package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
import dev.parley.auth.repository.VaultHistoryRepository;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Accounts: sign-up, password change, vault updates and deletion. Every change other services must know about is
 * announced on the users topic through the outbox, in the same transaction.
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

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final VaultHistoryRepository vaultHistory;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final SessionRevocations revocations;
    private final Outbox outbox;
    private final AuthConfig config;
    private final Clock clock;

    AccountService(AccountRepository accounts, RefreshTokenRepository refreshTokens, VaultHistoryRepository vaultHistory,
            CredentialHasher hasher, LoginThrottle throttle, SessionRevocations revocations, Outbox outbox,
            AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.vaultHistory = vaultHistory;
        this.hasher = hasher;
        this.throttle = throttle;
        this.revocations = revocations;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Account> signUp(NewAccount request) {
        requireKdfIterations(request.kdfIterations());
        requireVaultSize(request.vault());
        return Panache.withSession(() -> accounts.findByUsername(request.username()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw usernameTaken();
                    }
                })
                .chain(() -> hasher.create(request.authKey()))
                .chain(credential -> Panache.withTransaction(() -> {
                    Instant now = clock.instant();
                    Account account = new Account();
                    account.id = UUID.randomUUID();
                    account.username = request.username();
                    account.usernameCanonical = request.username().toLowerCase(Locale.ROOT);
                    account.kdfIterations = request.kdfIterations();
                    apply(account, credential);
                    account.publicKey = request.publicKey();
                    account.vault = request.vault();
                    account.vaultVersion = 1;
                    account.createdAt = now;
                    account.updatedAt = now;
                    return accounts.persist(account).call(this::announce).call(created -> vaultHistory.record(
                            created.id, created.vaultVersion, created.vault, now, KEPT_VAULT_VERSIONS));
                }))
                .onFailure(AccountService::isUniqueViolation).transform(e -> usernameTaken())
                .invoke(account -> LOG.infof("User %s signed up", account.id));
    }

    public Uni<Account> find(UUID accountId) {
        return Panache.withSession(() -> accounts.findById(accountId))
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("Your account no longer exists."));
    }

    public Uni<Account> findByUsername(String username) {
        return Panache.withSession(() -> accounts.findByUsername(username));
    }

    /**
     * Replaces credential and vault in one transaction after checking the current authKey, and ends every other
     * session. Wrong keys count against this session in the throttle.
     */
    public Uni<Account> changePassword(UUID accountId, UUID currentSession, PasswordChange change) {
        requireKdfIterations(change.kdfIterations());
        requireVaultSize(change.vault());
        return find(accountId)
                .call(account -> requireAuthKey(account, change.currentAuthKey(), currentSession))
                .chain(account -> hasher.create(change.newAuthKey()))
                .chain(credential -> Panache.withTransaction(() -> accounts.findById(accountId).chain(account -> {
                    if (account.vaultVersion != change.expectedVaultVersion()) {
                        return Uni.createFrom().failure(vaultConflict());
                    }
                    Instant now = clock.instant();
                    apply(account, credential);
                    account.kdfIterations = change.kdfIterations();
                    account.vault = change.vault();
                    account.vaultVersion++;
                    account.updatedAt = now;
                    return vaultHistory.record(accountId, account.vaultVersion, account.vault, now, KEPT_VAULT_VERSIONS)
                            .chain(() -> refreshTokens.activeFamiliesOf(accountId))
                            .map(families -> families.stream().filter(family -> !family.equals(currentSession)).toList())
                            .call(others -> refreshTokens.revokeAllOfExcept(accountId, currentSession, now))
                            .call(others -> revocations.announce(accountId, others, SessionRevocations.PASSWORD_CHANGED))
                            .replaceWith(account);
                })))
                .invoke(account -> LOG.infof("User %s changed their password; other sessions ended", accountId));
    }

    /**
     * Replaces the vault if the caller proves the password (an access token alone must not be able to destroy the
     * keys) and saw the latest version; otherwise 403, or 409 so it re-reads and merges. Keeps the version replaced.
     */
    public Uni<Long> replaceVault(UUID accountId, UUID currentSession, long expectedVersion, byte[] vault, byte[] authKey) {
        requireVaultSize(vault);
        return find(accountId)
                .call(account -> requireAuthKey(account, authKey, currentSession))
                .chain(account -> Panache.withTransaction(() -> {
                    Instant now = clock.instant();
                    return accounts.replaceVault(accountId, expectedVersion, vault, now).chain(replaced -> replaced
                            ? vaultHistory.record(accountId, expectedVersion + 1, vault, now, KEPT_VAULT_VERSIONS)
                                    .replaceWith(expectedVersion + 1)
                            : Uni.createFrom().failure(vaultConflict()));
                }));
    }

    /** The kept versions of the user's vault, newest first. */
    public Uni<List<VaultHistoryRepository.KeptVault>> vaultVersions(UUID accountId) {
        return find(accountId).chain(account -> Panache.withSession(() -> vaultHistory.list(accountId)));
    }

    /** One kept version of the user's vault, with its sealed content; 404 when it is no longer kept. */
    public Uni<VaultHistoryRepository.KeptVault> vaultVersion(UUID accountId, long version) {
        return find(accountId).chain(account -> Panache.withSession(() -> vaultHistory.find(accountId, version)))
                .onItem().ifNull().failWith(() -> new ApiException(404, ErrorCode.NOT_FOUND,
                        "That version of your key vault is not kept."));
    }

    /**
     * Deletes the account after checking its authKey, announces it with a tombstone on the users topic, and ends
     * its sessions.
     */
    public Uni<Void> delete(UUID accountId, UUID currentSession, byte[] authKey) {
        return find(accountId)
                .call(account -> requireAuthKey(account, authKey, currentSession))
                .chain(account -> Panache.withTransaction(() -> refreshTokens.activeFamiliesOf(accountId)
                        .call(() -> accounts.deleteById(accountId))
                        .call(() -> outbox.tombstone(Topics.USERS, accountId.toString()))
                        .call(families -> revocations.announce(accountId, withCurrent(families, currentSession),
                                SessionRevocations.ACCOUNT_DELETED))))
                .invoke(() -> LOG.infof("User %s deleted their account", accountId))
                .replaceWithVoid();
    }

    private static List<UUID> withCurrent(List<UUID> families, UUID current) {
        return families.contains(current) ? families
                : java.util.stream.Stream.concat(families.stream(), java.util.stream.Stream.of(current)).toList();
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
                .chain(matches -> matches ? Uni.createFrom().voidItem()
                        : throttle.recordFailure(attempt).chain(() -> Uni.createFrom().failure(
                                ApiException.forbidden("The current password is not correct."))));
    }

    private Uni<Void> announce(Account account) {
        UserSnapshot snapshot = new UserSnapshot(account.id, account.username, Inputs.base64Url(account.publicKey),
                account.createdAt, account.updatedAt);
        return outbox.publish(Topics.USERS, account.id.toString(), snapshot).replaceWithVoid();
    }

    private static void apply(Account account, CredentialHasher.Credential credential) {
        account.authHash = credential.hash();
        account.authSalt = credential.salt();
        account.argon2MemoryKib = credential.memoryKib();
        account.argon2Iterations = credential.iterations();
        account.argon2Parallelism = credential.parallelism();
    }

    private void requireKdfIterations(int iterations) {
        AuthConfig.Kdf kdf = config.kdf();
        if (iterations < kdf.minIterations() || iterations > kdf.maxIterations()) {
            throw ApiException.badRequest(ErrorCode.INVALID_KDF_ITERATIONS,
                    "kdfIterations must be between " + kdf.minIterations() + " and " + kdf.maxIterations() + ".");
        }
    }

    private void requireVaultSize(byte[] vault) {
        if (vault.length > config.maxVaultBytes()) {
            throw ApiException.badRequest(ErrorCode.VAULT_TOO_LARGE,
                    "The key vault is larger than " + config.maxVaultBytes() + " bytes.");
        }
        if (vault.length < 12 + 16) {
            throw ApiException.badRequest(ErrorCode.INVALID_VAULT, "The key vault is too short to be a sealed vault.");
        }
    }

    private static ApiException usernameTaken() {
        return ApiException.conflict(ErrorCode.USERNAME_TAKEN, Inputs.USERNAME_EXISTS);
    }

    private static ApiException vaultConflict() {
        return ApiException.conflict(ErrorCode.VAULT_CONFLICT,
                "Your key vault was changed on another device. Reload it, merge, and try again.");
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

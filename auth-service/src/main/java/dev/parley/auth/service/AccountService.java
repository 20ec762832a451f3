package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.auth.Account;
import dev.parley.auth.config.AuthConfig;
import dev.parley.auth.repository.AccountRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
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

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final CredentialHasher hasher;
    private final LoginThrottle throttle;
    private final Outbox outbox;
    private final AuthConfig config;
    private final Clock clock;

    AccountService(AccountRepository accounts, RefreshTokenRepository refreshTokens, CredentialHasher hasher,
            LoginThrottle throttle, Outbox outbox, AuthConfig config, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.throttle = throttle;
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
                    return accounts.persist(account).call(this::announce);
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
     * session. Wrong keys count as failed logins.
     */
    public Uni<Account> changePassword(UUID accountId, UUID currentSession, PasswordChange change, String clientAddress) {
        requireKdfIterations(change.kdfIterations());
        requireVaultSize(change.vault());
        return find(accountId)
                .call(account -> throttle.checkAllowed(account.username, clientAddress))
                .call(account -> requireAuthKey(account, change.currentAuthKey(), clientAddress))
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
                    return refreshTokens.revokeAllOfExcept(accountId, currentSession, now).replaceWith(account);
                })))
                .invoke(account -> LOG.infof("User %s changed their password; other sessions ended", accountId));
    }

    /** Replaces the vault if the client saw the latest version; otherwise 409 so it re-reads and merges. */
    public Uni<Long> replaceVault(UUID accountId, long expectedVersion, byte[] vault) {
        requireVaultSize(vault);
        return Panache.withTransaction(() -> accounts.replaceVault(accountId, expectedVersion, vault, clock.instant()))
                .chain(replaced -> replaced ? Uni.createFrom().item(expectedVersion + 1)
                        : Uni.createFrom().failure(vaultConflict()));
    }

    /** Deletes the account after checking its authKey, and announces it with a tombstone on the users topic. */
    public Uni<Void> delete(UUID accountId, byte[] authKey, String clientAddress) {
        return find(accountId)
                .call(account -> throttle.checkAllowed(account.username, clientAddress))
                .call(account -> requireAuthKey(account, authKey, clientAddress))
                .chain(account -> Panache.withTransaction(() -> accounts.deleteById(accountId)
                        .chain(() -> outbox.tombstone(Topics.USERS, accountId.toString()))))
                .invoke(() -> LOG.infof("User %s deleted their account", accountId));
    }

    private Uni<Void> requireAuthKey(Account account, byte[] authKey, String clientAddress) {
        return hasher.matches(account, authKey).chain(matches -> matches ? Uni.createFrom().voidItem()
                : throttle.recordFailure(account.username, clientAddress).chain(() -> Uni.createFrom().failure(
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
            throw ApiException.badRequest("invalid_kdf_iterations",
                    "kdfIterations must be between " + kdf.minIterations() + " and " + kdf.maxIterations() + ".");
        }
    }

    private void requireVaultSize(byte[] vault) {
        if (vault.length > config.maxVaultBytes()) {
            throw ApiException.badRequest("vault_too_large", "The key vault is larger than " + config.maxVaultBytes() + " bytes.");
        }
        if (vault.length < 12 + 16) {
            throw ApiException.badRequest("invalid_vault", "The key vault is too short to be a sealed vault.");
        }
    }

    private static ApiException usernameTaken() {
        return ApiException.conflict("username_taken", Inputs.USERNAME_EXISTS);
    }

    private static ApiException vaultConflict() {
        return ApiException.conflict("vault_conflict",
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

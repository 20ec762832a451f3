package dev.parley.auth.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.auth.Account;
import dev.parley.auth.repository.AccountRepository;
import dev.parley.auth.repository.RefreshTokenRepository;
import dev.parley.auth.repository.VaultHistoryRepository;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The units of work on accounts: each method is one session (a read) or one transaction (a write, which announces
 * itself through the outbox in that transaction). {@link AccountService} checks requests, proves passwords and
 * derives credentials between them, outside any of them, so that Argon2's work never holds a connection.
 */
@ApplicationScoped
class AccountStore {

    private final AccountRepository accounts;
    private final RefreshTokenRepository refreshTokens;
    private final VaultHistoryRepository vaultHistory;
    private final SessionRevocations revocations;
    private final Outbox outbox;
    private final Clock clock;

    AccountStore(AccountRepository accounts, RefreshTokenRepository refreshTokens, VaultHistoryRepository vaultHistory,
            SessionRevocations revocations, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.vaultHistory = vaultHistory;
        this.revocations = revocations;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The account, or null when there is none. */
    @WithSession
    Uni<Account> find(UUID accountId) {
        return accounts.findById(accountId);
    }

    @WithSession
    Uni<Account> findByUsername(String username) {
        return accounts.findByUsername(username);
    }

    @WithSession
    Uni<List<VaultHistoryRepository.KeptVault>> vaultVersions(UUID accountId) {
        return vaultHistory.list(accountId);
    }

    /** One kept version of the vault, or null when it is no longer kept. */
    @WithSession
    Uni<VaultHistoryRepository.KeptVault> vaultVersion(UUID accountId, long version) {
        return vaultHistory.find(accountId, version);
    }

    /** Creates the account at vault version 1, keeps that version, and announces the user. */
    @WithTransaction
    Uni<Account> create(AccountService.NewAccount request, CredentialHasher.Credential credential) {
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
        return accounts.persist(account)
                .call(this::announce)
                .call(created -> vaultHistory.record(created.id, created.vaultVersion, created.vault, now,
                        AccountService.KEPT_VAULT_VERSIONS));
    }

    /**
     * Replaces credential and vault if the vault is still at the version the user saw (else 409), and ends every
     * session but the current one.
     */
    @WithTransaction
    Uni<Account> changePassword(UUID accountId, UUID currentSession, AccountService.PasswordChange change,
            CredentialHasher.Credential credential) {
        return accounts.findById(accountId).chain(account -> account.vaultVersion != change.expectedVaultVersion()
                ? Uni.createFrom().failure(vaultConflict())
                : replaceCredential(account, currentSession, change, credential));
    }

    /** Replaces the vault if it is still at the expected version (else 409); returns the new version. */
    @WithTransaction
    Uni<Long> replaceVault(UUID accountId, long expectedVersion, byte[] vault) {
        Instant now = clock.instant();
        long newVersion = expectedVersion + 1;
        return accounts.replaceVault(accountId, expectedVersion, vault, now).chain(replaced -> replaced
                ? vaultHistory.record(accountId, newVersion, vault, now, AccountService.KEPT_VAULT_VERSIONS)
                        .replaceWith(newVersion)
                : Uni.createFrom().failure(vaultConflict()));
    }

    /** Deletes the account, announces it with a tombstone on the users topic, and ends its sessions. */
    @WithTransaction
    Uni<Void> delete(UUID accountId, UUID currentSession) {
        return refreshTokens.activeFamiliesOf(accountId)
                .call(() -> accounts.deleteById(accountId))
                .call(() -> outbox.tombstone(Topics.USERS, accountId.toString()))
                .chain(families -> revocations.announce(accountId, withCurrent(families, currentSession),
                        SessionRevocations.ACCOUNT_DELETED));
    }

    private Uni<Account> replaceCredential(Account account, UUID currentSession, AccountService.PasswordChange change,
            CredentialHasher.Credential credential) {
        Instant now = clock.instant();
        apply(account, credential);
        account.kdfIterations = change.kdfIterations();
        account.vault = change.vault();
        account.vaultVersion++;
        account.updatedAt = now;
        return vaultHistory.record(account.id, account.vaultVersion, account.vault, now, AccountService.KEPT_VAULT_VERSIONS)
                .chain(() -> endOtherSessions(account.id, currentSession, now))
                .replaceWith(account);
    }

    private Uni<Void> endOtherSessions(UUID accountId, UUID currentSession, Instant now) {
        return refreshTokens.activeFamiliesOf(accountId)
                .map(families -> families.stream().filter(family -> !family.equals(currentSession)).toList())
                .call(others -> refreshTokens.revokeAllOfExcept(accountId, currentSession, now))
                .chain(others -> revocations.announce(accountId, others, SessionRevocations.PASSWORD_CHANGED));
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

    private static List<UUID> withCurrent(List<UUID> families, UUID current) {
        return families.contains(current) ? families : Stream.concat(families.stream(), Stream.of(current)).toList();
    }

    private static ApiException vaultConflict() {
        return ApiException.conflict(ErrorCode.VAULT_CONFLICT,
                "Your key vault was changed on another device. Reload it, merge, and try again.");
    }
}

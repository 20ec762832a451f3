package dev.parley.auth.repository;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.Account;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** Finds an account by username, ignoring case. */
    public Uni<Account> findByUsername(String username) {
        return find("usernameCanonical", username.toLowerCase(Locale.ROOT)).firstResult();
    }

    /** Replaces the vault only if it is still at the expected version; returns whether it was replaced. */
    public Uni<Boolean> replaceVault(UUID accountId, long expectedVersion, byte[] vault, java.time.Instant now) {
        return update("vault = ?1, vaultVersion = vaultVersion + 1, updatedAt = ?2 where id = ?3 and vaultVersion = ?4",
                vault, now, accountId, expectedVersion).map(updated -> updated == 1);
    }
}

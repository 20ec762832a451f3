package dev.parley.auth.repository;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.Account;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /** What a username can be; anything else names nobody, and is not worth a query (PostgreSQL refuses NUL). */
    private static final Pattern POSSIBLE_USERNAME = Pattern.compile("[A-Za-z0-9]{1,64}");

    /** Finds an account by username, ignoring case; null for a name nobody can have. */
    public Uni<Account> findByUsername(String username) {
        if (username == null || !POSSIBLE_USERNAME.matcher(username).matches()) {
            return Uni.createFrom().nullItem();
        }
        return find("usernameCanonical", username.toLowerCase(Locale.ROOT)).firstResult();
    }

    /** The distinct KDF iteration counts accounts use, smallest first. */
    public Uni<java.util.List<Integer>> kdfIterationsInUse() {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select distinct kdfIterations from Account order by kdfIterations", Integer.class)
                .getResultList());
    }

    /** The key that picks prelogin's answer for unknown names (made by the migration, shared by all instances). */
    public Uni<byte[]> preloginSecret() {
        return getSession().flatMap(session -> session
                .createNativeQuery("select value from server_secret where name = 'prelogin'", byte[].class)
                .getSingleResult());
    }

    /** Replaces the vault only if it is still at the expected version; returns whether it was replaced. */
    public Uni<Boolean> replaceVault(UUID accountId, long expectedVersion, byte[] vault, java.time.Instant now) {
        return update("vault = ?1, vaultVersion = vaultVersion + 1, updatedAt = ?2 where id = ?3 and vaultVersion = ?4",
                vault, now, accountId, expectedVersion).map(updated -> updated == 1);
    }
}

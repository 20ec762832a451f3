package dev.parley.auth.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.auth.RefreshToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    public Uni<RefreshToken> findByHash(byte[] tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }

    /**
     * Marks the token rotated unless something else did first; false means it was already used, which is what a
     * replayed token looks like.
     */
    public Uni<Boolean> markRotated(UUID tokenId, Instant now) {
        return update("rotatedAt = ?1 where id = ?2 and rotatedAt is null and revokedAt is null", now, tokenId)
                .map(updated -> updated == 1);
    }

    public Uni<Integer> revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    /** The sessions (families) of the account that are not revoked. */
    public Uni<List<UUID>> activeFamiliesOf(UUID accountId) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                "select distinct familyId from RefreshToken where accountId = ?1 and revokedAt is null", UUID.class)
                .setParameter(1, accountId)
                .getResultList());
    }

    public Uni<Integer> revokeAllOf(UUID accountId, Instant now) {
        return update("revokedAt = ?1 where accountId = ?2 and revokedAt is null", now, accountId);
    }

    public Uni<Integer> revokeAllOfExcept(UUID accountId, UUID keptFamilyId, Instant now) {
        return update("revokedAt = ?1 where accountId = ?2 and familyId <> ?3 and revokedAt is null", now, accountId,
                keptFamilyId);
    }

    /**
     * Removes tokens that expired or were revoked before the cutoff: both are refused already, so deleting them changes
     * no answer. A rotated token is kept until it expires, since its reuse is what revokes a stolen session.
     */
    public Uni<Long> deleteUnusableBefore(Instant cutoff) {
        return delete("expiresAt < ?1 or revokedAt < ?1", cutoff);
    }
}

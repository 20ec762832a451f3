package dev.parley.presence.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.presence.ChatInstance;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Chat instances and their liveness.
 * <p>
 * A transaction that decides a user's presence from an instance's liveness holds the instance's row in KEY SHARE
 * mode ({@link #holdForConnection}); a change of liveness takes the row FOR UPDATE, so it waits for such decisions
 * to commit, and the recount that follows it (after its own commit) sees every connection they recorded. Heartbeats
 * that only refresh the time take neither lock that matters: they do not change what a connection counts for.
 */
@ApplicationScoped
public class ChatInstanceRepository implements PanacheRepositoryBase<ChatInstance, String> {

    /**
     * Within a transaction: whether the instance is alive, holding its liveness until commit. An instance named for
     * the first time is recorded, alive or not as told.
     */
    public Uni<Boolean> holdForConnection(String instanceId, boolean aliveIfNew, Instant aliveAt, Instant now) {
        return heldAlive(instanceId)
                .onItem().ifNull().switchTo(() -> recordNew(instanceId, aliveIfNew, aliveAt, now)
                        .chain(() -> heldAlive(instanceId)));
    }

    private Uni<Boolean> heldAlive(String instanceId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                        "select alive from chat_instance where instance_id = :instance for key share", Boolean.class)
                        .setParameter("instance", instanceId)
                        .getSingleResultOrNull());
    }

    /** Records an instance not known yet; false when it was known already. */
    public Uni<Boolean> recordNew(String instanceId, boolean alive, Instant aliveAt, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into chat_instance"
                        + " (instance_id, alive, alive_at, heard_at) values (:instance, :alive, :aliveAt, :now)"
                        + " on conflict do nothing")
                        .setParameter("instance", instanceId)
                        .setParameter("alive", alive)
                        .setParameter("aliveAt", aliveAt)
                        .setParameter("now", now)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Notes a heartbeat of a live instance; false when the instance is dead or unknown. */
    public Uni<Boolean> refresh(String instanceId, Instant aliveAt, Instant now) {
        return update("heardAt = ?1, aliveAt = greatest(aliveAt, ?2) where instanceId = ?3 and alive", now, aliveAt,
                instanceId).map(updated -> updated == 1);
    }

    /**
     * Brings a dead instance back and queues the recount of its users, in one statement; false when it was not
     * dead.
     */
    public Uni<Boolean> revive(String instanceId, Instant aliveAt, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("with revived as ("
                        + " update chat_instance set alive = true, heard_at = :now,"
                        + "   alive_at = greatest(alive_at, :aliveAt)"
                        + " where instance_id in (select instance_id from chat_instance"
                        + "   where instance_id = :instance and not alive for update)"
                        + " returning instance_id)"
                        + " insert into liveness_change (instance_id, alive, changed_at)"
                        + " select instance_id, true, :now from revived")
                        .setParameter("instance", instanceId)
                        .setParameter("aliveAt", aliveAt)
                        .setParameter("now", now)
                        .executeUpdate())
                .map(revived -> revived == 1);
    }

    /**
     * Declares dead every live instance last heard before {@code heardBefore} and queues the recount of their
     * users, in one statement; returns their ids. An instance whose row is held by a transaction in flight is left
     * for the next sweep rather than waited for.
     */
    public Uni<List<String>> markSilentDead(Instant heardBefore, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("with dead as ("
                        + " update chat_instance set alive = false"
                        + " where instance_id in (select instance_id from chat_instance"
                        + "   where alive and heard_at < :heardBefore for update skip locked)"
                        + " returning instance_id)"
                        + " insert into liveness_change (instance_id, alive, changed_at)"
                        + " select instance_id, false, :now from dead"
                        + " returning instance_id", String.class)
                        .setParameter("heardBefore", heardBefore)
                        .setParameter("now", now)
                        .getResultList());
    }

    /**
     * Forgets instances dead and unheard since before {@code heardBefore}, with their connections; instances
     * whose users are still to be recounted are kept until that is done.
     */
    public Uni<Long> deleteDeadSince(Instant heardBefore) {
        return delete("not alive and heardAt < ?1 and instanceId not in (select l.instanceId from LivenessChange l)",
                heardBefore);
    }
}

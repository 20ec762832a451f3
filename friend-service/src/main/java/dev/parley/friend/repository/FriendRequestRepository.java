package dev.parley.friend.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.friend.FriendRequest;
import dev.parley.friend.FriendRequest.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Friend requests, always found through blind indexes (or the random request id), never by scanning. */
@ApplicationScoped
public class FriendRequestRepository implements PanacheRepositoryBase<FriendRequest, UUID> {

    /** The requests between two users, in either direction: at most two. */
    public Uni<List<FriendRequest>> listBetween(byte[] pairIndex) {
        return list("pairIndex", pairIndex);
    }

    public Uni<List<FriendRequest>> listSentBy(byte[] senderIndex) {
        return list("senderIndex = ?1 order by createdAt desc", senderIndex);
    }

    public Uni<List<FriendRequest>> listPendingFor(byte[] recipientIndex) {
        return list("recipientIndex = ?1 and status = ?2 order by createdAt desc", recipientIndex, Status.PENDING);
    }

    /** A request by id, only if the given sender sent it. */
    public Uni<FriendRequest> findSentBy(UUID requestId, byte[] senderIndex) {
        return find("id = ?1 and senderIndex = ?2", requestId, senderIndex).firstResult();
    }

    /** Deletes at once (not at flush), so a new request in the same direction can follow in the transaction. */
    public Uni<Long> deleteNow(UUID requestId) {
        return delete("id", requestId);
    }

    /** Deletes a request if it is still pending; returns whether it was. */
    public Uni<Boolean> deleteIfPending(UUID requestId) {
        return delete("id = ?1 and status = ?2", requestId, Status.PENDING).map(deleted -> deleted == 1);
    }

    public Uni<Long> deleteBetween(byte[] pairIndex) {
        return delete("pairIndex", pairIndex);
    }

    public Uni<Long> deleteRejectedBetween(byte[] pairIndex) {
        return delete("pairIndex = ?1 and status = ?2", pairIndex, Status.REJECTED);
    }

    /** Every request a user sent or received. */
    public Uni<Long> deleteAllOf(byte[] senderIndex, byte[] recipientIndex) {
        return delete("senderIndex = ?1 or recipientIndex = ?2", senderIndex, recipientIndex);
    }
}

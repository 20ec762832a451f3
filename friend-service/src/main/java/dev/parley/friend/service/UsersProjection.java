package dev.parley.friend.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.contracts.events.UserSnapshot;
import dev.parley.friend.KnownUser;
import dev.parley.friend.crypto.BlindIndexes;
import dev.parley.friend.repository.DeletedUserRepository;
import dev.parley.friend.repository.FriendRequestRepository;
import dev.parley.friend.repository.GraphLocks;
import dev.parley.friend.repository.KnownUserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The users this service knows, built from the compacted users topic. Applying the topic from its start gives the
 * same state as applying it live, and applying an event again changes nothing: snapshots are kept by user id and
 * only a newer snapshot replaces an older one, and a deletion of a user already gone finds nothing to delete.
 */
@ApplicationScoped
public class UsersProjection {

    /** The consumer name under which handled snapshot event ids are remembered ({@code processed_event}). */
    public static final String CONSUMER = "friend-service.users";

    private static final Logger LOG = Logger.getLogger(UsersProjection.class);

    private final KnownUserRepository users;
    private final DeletedUserRepository deletedUsers;
    private final FriendRequestRepository requests;
    private final FriendshipService friendships;
    private final GraphLocks locks;
    private final BlindIndexes indexes;
    private final Clock clock;

    UsersProjection(KnownUserRepository users, DeletedUserRepository deletedUsers, FriendRequestRepository requests,
            FriendshipService friendships, GraphLocks locks, BlindIndexes indexes, Clock clock) {
        this.users = users;
        this.deletedUsers = deletedUsers;
        this.requests = requests;
        this.friendships = friendships;
        this.locks = locks;
        this.indexes = indexes;
        this.clock = clock;
    }

    /**
     * Records a user as the snapshot describes them, unless a newer snapshot was. It runs in the transaction in which
     * the consumer records the event as handled ({@link #CONSUMER}).
     */
    public Uni<Void> apply(UserSnapshot snapshot) {
        String canonical = KnownUserRepository.canonical(snapshot.username());
        // What PostgreSQL keeps, so that the same snapshot compares equal to what it stored.
        Instant updatedAt = snapshot.updatedAt().truncatedTo(ChronoUnit.MICROS);
        return users.findById(snapshot.userId()).chain(known -> {
            if (known != null && !known.updatedAt.isBefore(updatedAt)) {
                return Uni.createFrom().voidItem();
            }
            return users.findOtherHolder(canonical, snapshot.userId())
                    .chain(holder -> record(snapshot, canonical, updatedAt, known, holder));
        });
    }

    /** Records the newer snapshot of a user, {@code known} or not, unless {@code holder} took the name later. */
    private Uni<Void> record(UserSnapshot snapshot, String canonical, Instant updatedAt, KnownUser known,
            KnownUser holder) {
        // Usernames are unique at any moment, but a replay can meet a deleted user's snapshot before its tombstone and
        // its successor's snapshot: the later snapshot holds the name. The earlier user's rows go when their
        // tombstone arrives.
        if (holder != null && holder.updatedAt.isAfter(updatedAt)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Long> freed = holder == null ? Uni.createFrom().item(0L) : users.deleteNow(holder.id);
        KnownUser user = known != null ? known : new KnownUser();
        return freed.chain(() -> {
            user.id = snapshot.userId();
            user.username = snapshot.username();
            user.usernameCanonical = canonical;
            user.updatedAt = updatedAt;
            // A known user is managed by the session: the change is written at commit.
            return known != null ? Uni.createFrom().voidItem() : users.persist(user).replaceWithVoid();
        });
    }

    /**
     * Forgets a deleted user: their friendships end (each announced, so chat and presence drop the pair) and their
     * requests, sent and received, are deleted. Only the id is kept, to refuse the account's unexpired tokens.
     */
    @WithTransaction
    public Uni<Void> remove(UUID userId) {
        return locks.lockUser(userId)
                .chain(() -> users.deleteNow(userId))
                .chain(() -> deletedUsers.record(userId, clock.instant()))
                .chain(() -> friendships.endAllOf(userId, clock.instant()))
                .chain(ended -> requests.deleteAllOf(indexes.sender(userId), indexes.recipient(userId))
                        .invoke(deleted -> logRemoval(userId, ended, deleted)))
                .replaceWithVoid();
    }

    private static void logRemoval(UUID userId, int friendshipsEnded, long requestsDeleted) {
        if (friendshipsEnded > 0 || requestsDeleted > 0) {
            LOG.infof("User %s deleted: %d friendships ended, %d requests removed", userId, friendshipsEnded,
                    requestsDeleted);
        }
    }
}

package dev.parley.friend.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.friend.Friendship;
import dev.parley.friend.crypto.BlindIndexes;
import dev.parley.friend.crypto.RowCipher;
import dev.parley.friend.crypto.RowCipher.Parties;
import dev.parley.friend.repository.FriendRequestRepository;
import dev.parley.friend.repository.FriendshipRepository;
import dev.parley.friend.repository.GraphLocks;
import dev.parley.friend.repository.KnownUserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Friendships: listing a user's friends, ending a friendship, and, for the other services of this package, starting
 * one. Each friendship is two rows, one per member, found by the member's blind index.
 */
@ApplicationScoped
public class FriendshipService {

    /** A friend, with the username the users topic last gave them. */
    public record Friend(UUID userId, String username, Instant since) {
    }

    private static final Logger LOG = Logger.getLogger(FriendshipService.class);

    private final FriendshipRepository friendships;
    private final FriendRequestRepository requests;
    private final KnownUserRepository users;
    private final GraphLocks locks;
    private final BlindIndexes indexes;
    private final RowCipher cipher;
    private final GraphAnnouncements announcements;
    private final Clock clock;

    FriendshipService(FriendshipRepository friendships, FriendRequestRepository requests, KnownUserRepository users,
            GraphLocks locks, BlindIndexes indexes, RowCipher cipher, GraphAnnouncements announcements, Clock clock) {
        this.friendships = friendships;
        this.requests = requests;
        this.users = users;
        this.locks = locks;
        this.indexes = indexes;
        this.cipher = cipher;
        this.announcements = announcements;
        this.clock = clock;
    }

    /** The user's friends, by username. */
    @WithSession
    public Uni<List<Friend>> list(UUID userId) {
        return friendships.listOf(indexes.member(userId)).chain(rows -> friends(userId, rows));
    }

    private Uni<List<Friend>> friends(UUID userId, List<Friendship> rows) {
        Map<UUID, Instant> since = new LinkedHashMap<>();
        for (Friendship row : rows) {
            friendOf(userId, row).ifPresent(friend -> since.put(friend, row.createdAt));
        }
        return users.findByIds(since.keySet()).map(known -> known.stream()
                .map(friend -> new Friend(friend.id, friend.username, since.get(friend.id)))
                .sorted(Comparator.comparing(Friend::username, String.CASE_INSENSITIVE_ORDER))
                .toList());
    }

    /** Ends the user's friendship with {@code friendId}, and forgets the requests between them. */
    @WithTransaction
    public Uni<Void> remove(UUID userId, UUID friendId) {
        return locks.lockPairs(userId, List.of(friendId))
                .chain(() -> friendships.deleteBetween(indexes.pair(userId, friendId)))
                .chain(ended -> ended
                        ? requests.deleteBetween(indexes.pair(userId, friendId))
                                .chain(() -> announcements.friendshipEnded(userId, friendId, false, clock.instant()))
                        : Uni.createFrom().failure(ApiException.notFound(Messages.NOT_A_FRIEND)));
    }

    /**
     * Within a transaction holding the pair's lock: makes the two users friends, and forgets rejected requests
     * between them, which no longer say anything true.
     */
    Uni<Void> start(UUID a, UUID b, Instant now) {
        byte[] pair = indexes.pair(a, b);
        return friendships.persist(List.of(side(a, b, pair, now), side(b, a, pair, now)))
                .chain(() -> requests.deleteRejectedBetween(pair))
                .replaceWithVoid();
    }

    /** Within a transaction holding the pair's lock. */
    Uni<Boolean> exists(UUID a, UUID b) {
        return friendships.exists(indexes.pair(a, b));
    }

    /**
     * Within a transaction holding the user's lock: ends every friendship of a deleted user and announces each;
     * returns how many there were.
     */
    Uni<Integer> endAllOf(UUID userId, Instant now) {
        return friendships.listOf(indexes.member(userId)).chain(rows -> {
            List<UUID> friends = new ArrayList<>();
            rows.forEach(row -> friendOf(userId, row).ifPresent(friends::add));
            Uni<Void> ended = Uni.createFrom().voidItem();
            for (UUID friend : friends) {
                ended = ended.chain(() -> friendships.deleteBetween(indexes.pair(userId, friend)))
                        .chain(() -> announcements.friendshipEnded(userId, friend, true, now));
            }
            return ended.replaceWith(friends.size());
        });
    }

    private Friendship side(UUID member, UUID friend, byte[] pair, Instant now) {
        Friendship row = new Friendship();
        row.id = UUID.randomUUID();
        row.pairIndex = pair;
        row.memberIndex = indexes.member(member);
        RowCipher.Sealed sealed = cipher.seal(Friendship.TABLE, row.id, member, friend);
        row.keyId = sealed.keyId();
        row.sealed = sealed.bytes();
        row.createdAt = now;
        return row;
    }

    /** The friend a row of the member's names; empty (and logged) for a row that does not belong to the member. */
    private Optional<UUID> friendOf(UUID member, Friendship row) {
        Parties parties = cipher.open(Friendship.TABLE, row.id, row.keyId, row.sealed);
        if (!parties.first().equals(member)) {
            LOG.warnf("Friendship row %s is under a member index it was not sealed for; ignored", row.id);
            return Optional.empty();
        }
        return Optional.of(parties.second());
    }
}

package dev.parley.friend.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.friend.FriendRequest;
import dev.parley.friend.FriendRequest.Status;
import dev.parley.friend.KnownUser;
import dev.parley.friend.config.FriendConfig;
import dev.parley.friend.crypto.BlindIndexes;
import dev.parley.friend.crypto.RowCipher;
import dev.parley.friend.crypto.RowCipher.Parties;
import dev.parley.friend.repository.DeletedUserRepository;
import dev.parley.friend.repository.FriendRequestRepository;
import dev.parley.friend.repository.GraphLocks;
import dev.parley.friend.repository.KnownUserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Friend requests (friend-service/README.md, API): sending one by username, listing and cancelling sent ones, and approving or
 * rejecting received ones several at a time.
 * <p>
 * Every change takes the locks of the pairs it touches ({@link GraphLocks}) before reading what it decides on, so
 * two users adding or approving each other at the same moment take turns and end as one friendship.
 */
@ApplicationScoped
public class FriendRequestService {

    /** Most requests approved or rejected at once; each holds two locks until the transaction ends. */
    private static final int MAX_SELECTED = 100;

    /** A request the user sent, with the recipient's username. */
    public record SentRequest(UUID requestId, UUID userId, String username, Status status, Instant createdAt,
            Instant decidedAt) {
    }

    /** A pending request the user received, with the sender's username. */
    public record ReceivedRequest(UUID requestId, UUID userId, String username, Instant createdAt) {
    }

    /**
     * What adding someone did: sent them a request ({@code requestId} set), or approved theirs ({@code nowFriends}).
     */
    public record Added(String username, UUID requestId, boolean nowFriends) {
    }

    private static final Logger LOG = Logger.getLogger(FriendRequestService.class);

    private enum Decision {
        APPROVE(Status.APPROVED, Messages.SELECT_TO_APPROVE),
        REJECT(Status.REJECTED, Messages.SELECT_TO_REJECT);

        final Status outcome;
        final String nothingSelected;

        Decision(Status outcome, String nothingSelected) {
            this.outcome = outcome;
            this.nothingSelected = nothingSelected;
        }
    }

    private final FriendRequestRepository requests;
    private final KnownUserRepository users;
    private final DeletedUserRepository deletedUsers;
    private final FriendshipService friendships;
    private final GraphLocks locks;
    private final BlindIndexes indexes;
    private final RowCipher cipher;
    private final GraphAnnouncements announcements;
    private final FriendConfig config;
    private final Clock clock;

    FriendRequestService(FriendRequestRepository requests, KnownUserRepository users,
            DeletedUserRepository deletedUsers, FriendshipService friendships, GraphLocks locks, BlindIndexes indexes,
            RowCipher cipher, GraphAnnouncements announcements, FriendConfig config, Clock clock) {
        this.requests = requests;
        this.users = users;
        this.deletedUsers = deletedUsers;
        this.friendships = friendships;
        this.locks = locks;
        this.indexes = indexes;
        this.cipher = cipher;
        this.announcements = announcements;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Adds the user named {@code username} as a friend of {@code userId}: sends them a request or, when they already
     * asked, approves theirs.
     */
    @WithTransaction
    public Uni<Added> add(UUID userId, String username) {
        return users.findByUsername(username)
                .onItem().ifNull().failWith(() -> ApiException.notFound(Messages.UNKNOWN_USERNAME))
                .chain(other -> add(userId, other));
    }

    private Uni<Added> add(UUID userId, KnownUser other) {
        if (other.id.equals(userId)) {
            return Uni.createFrom().failure(
                    ApiException.badRequest(ErrorCode.CANNOT_ADD_YOURSELF, Messages.CANNOT_ADD_YOURSELF));
        }
        return locks.lockPairs(userId, List.of(other.id))
                .chain(() -> requireKnown(userId, List.of(other), name -> Messages.UNKNOWN_USERNAME))
                .chain(() -> requireNotFriends(userId, other.id))
                .chain(() -> requests.listBetween(indexes.pair(userId, other.id)))
                .chain(between -> add(userId, other, between));
    }

    private Uni<Void> requireNotFriends(UUID userId, UUID otherId) {
        return friendships.exists(userId, otherId).chain(friends -> friends
                ? Uni.createFrom().failure(ApiException.conflict(ErrorCode.ALREADY_FRIENDS, Messages.ALREADY_FRIENDS))
                : Uni.createFrom().voidItem());
    }

    /** Within the pair's lock: approves their pending request, or sends ours unless one is pending or cooling off. */
    private Uni<Added> add(UUID userId, KnownUser other, List<FriendRequest> between) {
        byte[] mine = indexes.sender(userId);
        Optional<FriendRequest> sent = between.stream().filter(r -> Arrays.equals(r.senderIndex, mine)).findFirst();
        Optional<FriendRequest> received = between.stream().filter(r -> !Arrays.equals(r.senderIndex, mine))
                .findFirst();
        Instant now = clock.instant();
        if (received.isPresent() && received.get().status == Status.PENDING) {
            return approve(received.get(), other.id, userId, now).replaceWith(new Added(other.username, null, true));
        }
        if (sent.isPresent() && sent.get().status == Status.PENDING) {
            return Uni.createFrom().failure(
                    ApiException.conflict(ErrorCode.REQUEST_ALREADY_SENT, Messages.REQUEST_ALREADY_SENT));
        }
        if (sent.isPresent() && sent.get().status == Status.REJECTED) {
            Optional<ApiException> tooSoon = tooSoonAfterRejection(sent.get(), other.username, now);
            if (tooSoon.isPresent()) {
                return Uni.createFrom().failure(tooSoon.get());
            }
        }
        // A request in this direction that is no longer pending makes way for the new one.
        Uni<Long> cleared = sent.isPresent() ? requests.deleteNow(sent.get().id) : Uni.createFrom().item(0L);
        FriendRequest request = newRequest(userId, other.id, now);
        return cleared.chain(() -> requests.persist(request))
                .chain(() -> announcements.requestSent(request.id, userId, other.id, now))
                .invoke(() -> LOG.infof("Friend request %s sent", request.id))
                .replaceWith(new Added(other.username, request.id, false));
    }

    /** The refusal of a new request while the rejection of the previous one is cooling off; empty once it has. */
    private Optional<ApiException> tooSoonAfterRejection(FriendRequest rejected, String username, Instant now) {
        Instant allowedFrom = rejected.decidedAt.plus(config.rejectionCoolingOff());
        if (!now.isBefore(allowedFrom)) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, allowedFrom);
        return Optional.of(ApiException.tooManyRequests(Messages.rejectedRecently(username, phrase(wait)),
                wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0)));
    }

    /** The requests the user sent, newest first, each with its status. */
    @WithSession
    public Uni<List<SentRequest>> listSent(UUID userId) {
        return requests.listSentBy(indexes.sender(userId)).chain(rows -> sent(userId, rows));
    }

    private Uni<List<SentRequest>> sent(UUID userId, List<FriendRequest> rows) {
        Map<FriendRequest, UUID> recipients = new LinkedHashMap<>();
        for (FriendRequest row : rows) {
            counterpart(row, userId, true).ifPresent(recipient -> recipients.put(row, recipient));
        }
        return usernames(recipients.values()).map(names -> recipients.entrySet().stream()
                .filter(entry -> names.containsKey(entry.getValue()))
                .map(entry -> new SentRequest(entry.getKey().id, entry.getValue(), names.get(entry.getValue()),
                        entry.getKey().status, entry.getKey().createdAt, entry.getKey().decidedAt))
                .toList());
    }

    /** The pending requests the user received, newest first. */
    @WithSession
    public Uni<List<ReceivedRequest>> listReceived(UUID userId) {
        return requests.listPendingFor(indexes.recipient(userId)).chain(rows -> received(userId, rows));
    }

    private Uni<List<ReceivedRequest>> received(UUID userId, List<FriendRequest> rows) {
        Map<FriendRequest, UUID> senders = new LinkedHashMap<>();
        for (FriendRequest row : rows) {
            counterpart(row, userId, false).ifPresent(sender -> senders.put(row, sender));
        }
        return usernames(senders.values()).map(names -> senders.entrySet().stream()
                .filter(entry -> names.containsKey(entry.getValue()))
                .map(entry -> new ReceivedRequest(entry.getKey().id, entry.getValue(), names.get(entry.getValue()),
                        entry.getKey().createdAt))
                .toList());
    }

    /** Withdraws a pending request the user sent; any other request id is not found. */
    @WithTransaction
    public Uni<Void> cancel(UUID userId, UUID requestId) {
        return requests.findSentBy(requestId, indexes.sender(userId))
                .map(request -> request == null ? Optional.<UUID>empty() : counterpart(request, userId, true))
                .chain(recipient -> recipient.isPresent()
                        ? cancelPending(userId, requestId, recipient.get())
                        : Uni.createFrom().failure(ApiException.notFound(Messages.REQUEST_NOT_FOUND)))
                .invoke(() -> LOG.infof("Friend request %s cancelled", requestId));
    }

    private Uni<Void> cancelPending(UUID userId, UUID requestId, UUID recipient) {
        return locks.lockPairs(userId, List.of(recipient))
                .chain(() -> requests.deleteIfPending(requestId))
                .chain(deleted -> deleted
                        ? announcements.requestCancelled(requestId, userId, recipient, clock.instant())
                        : Uni.createFrom().failure(ApiException.notFound(Messages.REQUEST_NOT_FOUND)));
    }

    /**
     * Approves the pending requests from the named users, all or none: a name with no pending request to the user
     * fails the whole selection with 404. Approving a request already approved changes nothing, so a double click is
     * harmless.
     */
    @WithTransaction
    public Uni<Void> approve(UUID userId, List<String> usernames) {
        return decide(userId, usernames, Decision.APPROVE);
    }

    /** Rejects the pending requests from the named users, all or none, like {@link #approve}. */
    @WithTransaction
    public Uni<Void> reject(UUID userId, List<String> usernames) {
        return decide(userId, usernames, Decision.REJECT);
    }

    private Uni<Void> decide(UUID userId, List<String> usernames, Decision decision) {
        return Uni.createFrom().item(() -> selection(usernames, decision))
                .chain(this::selectedSenders)
                .chain(senders -> decideFrom(userId, senders, decision));
    }

    /** The users selected by name; a name no user has fails the selection, as a name with no request would. */
    private Uni<List<KnownUser>> selectedSenders(Map<String, String> selected) {
        return users.findByUsernames(selected.keySet()).invoke(found -> {
            for (String canonical : selected.keySet()) {
                if (found.stream().noneMatch(user -> user.usernameCanonical.equals(canonical))) {
                    throw ApiException.notFound(Messages.noPendingRequestFrom(selected.get(canonical)));
                }
            }
        });
    }

    private Uni<Void> decideFrom(UUID userId, List<KnownUser> senders, Decision decision) {
        return locks.lockPairs(userId, senders.stream().map(user -> user.id).toList())
                .chain(() -> requireKnown(userId, senders, Messages::noPendingRequestFrom))
                .chain(() -> requestsToDecide(userId, senders, decision))
                .chain(toDecide -> apply(userId, toDecide, decision));
    }

    /**
     * The selected usernames by canonical form, as typed; throws (within a chain step, which makes it a failure)
     * when nothing, or too much, is selected.
     */
    private static Map<String, String> selection(List<String> usernames, Decision decision) {
        Map<String, String> selected = (usernames == null ? List.<String>of() : usernames).stream()
                .filter(name -> name != null && !name.isBlank())
                .map(String::trim)
                .collect(Collectors.toMap(KnownUserRepository::canonical, Function.identity(), (first, again) -> first,
                        LinkedHashMap::new));
        if (selected.isEmpty()) {
            throw ApiException.badRequest(ErrorCode.NOTHING_SELECTED, decision.nothingSelected);
        }
        if (selected.size() > MAX_SELECTED) {
            throw ApiException.badRequest(ErrorCode.TOO_MANY_SELECTED, Messages.tooManySelected(MAX_SELECTED));
        }
        return selected;
    }

    /**
     * The pending request from each sender; a request already given this decision is left out (nothing to do), and
     * a sender with neither fails the selection.
     */
    private Uni<Map<FriendRequest, UUID>> requestsToDecide(UUID userId, List<KnownUser> senders, Decision decision) {
        Map<FriendRequest, UUID> toDecide = new LinkedHashMap<>();
        Uni<Void> checked = Uni.createFrom().voidItem();
        for (KnownUser sender : senders) {
            checked = checked.chain(() -> requests.listBetween(indexes.pair(userId, sender.id))
                    .invoke(between -> requestToDecide(between, sender, decision)
                            .ifPresent(request -> toDecide.put(request, sender.id)))
                    .replaceWithVoid());
        }
        return checked.replaceWith(toDecide);
    }

    /**
     * The sender's pending request among those between the pair; empty when it already has this decision, and thrown
     * (within a chain step) as not found when there is neither.
     */
    private Optional<FriendRequest> requestToDecide(List<FriendRequest> between, KnownUser sender,
            Decision decision) {
        byte[] theirs = indexes.sender(sender.id);
        FriendRequest request = between.stream().filter(r -> Arrays.equals(r.senderIndex, theirs)).findFirst()
                .orElseThrow(() -> ApiException.notFound(Messages.noPendingRequestFrom(sender.username)));
        if (request.status == Status.PENDING) {
            return Optional.of(request);
        }
        if (request.status != decision.outcome) {
            throw ApiException.notFound(Messages.noPendingRequestFrom(sender.username));
        }
        return Optional.empty();
    }

    private Uni<Void> apply(UUID userId, Map<FriendRequest, UUID> toDecide, Decision decision) {
        Instant now = clock.instant();
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (Map.Entry<FriendRequest, UUID> entry : toDecide.entrySet()) {
            FriendRequest request = entry.getKey();
            UUID sender = entry.getValue();
            applied = applied.chain(() -> decision == Decision.APPROVE
                    ? approve(request, sender, userId, now)
                    : reject(request, sender, userId, now));
        }
        return applied;
    }

    private Uni<Void> approve(FriendRequest request, UUID sender, UUID recipient, Instant now) {
        request.status = Status.APPROVED;
        request.decidedAt = now;
        return friendships.start(sender, recipient, now)
                .chain(() -> announcements.requestApproved(request.id, sender, recipient, now))
                .invoke(() -> LOG.infof("Friend request %s approved", request.id));
    }

    private Uni<Void> reject(FriendRequest request, UUID sender, UUID recipient, Instant now) {
        request.status = Status.REJECTED;
        request.decidedAt = now;
        return announcements.requestRejected(request.id, sender, recipient, now)
                .invoke(() -> LOG.infof("Friend request %s rejected", request.id));
    }

    /**
     * Within the locks: checks that the user and the others still exist, since an account deleted meanwhile must not
     * gain new links. A user this service does not know yet (the users topic is a moment behind a sign-up) is asked
     * to try again; a deleted account (whose access token has not expired yet) is refused.
     */
    private Uni<Void> requireKnown(UUID userId, List<KnownUser> others, Function<String, String> missingMessage) {
        List<UUID> ids = new ArrayList<>(others.stream().map(other -> other.id).toList());
        ids.add(userId);
        return users.findIdsOf(ids).chain(known -> {
            if (!known.contains(userId)) {
                return deletedUsers.isDeleted(userId).chain(deleted -> Uni.createFrom().failure(deleted
                        ? ApiException.unauthorized(Messages.ACCOUNT_DELETED)
                        : ApiException.unavailable(Messages.ACCOUNT_NOT_READY, 1)));
            }
            return others.stream().filter(other -> !known.contains(other.id)).findFirst()
                    .map(gone -> Uni.createFrom().<Void>failure(
                            ApiException.notFound(missingMessage.apply(gone.username))))
                    .orElseGet(() -> Uni.createFrom().voidItem());
        });
    }

    private FriendRequest newRequest(UUID sender, UUID recipient, Instant now) {
        FriendRequest request = new FriendRequest();
        request.id = UUID.randomUUID();
        request.senderIndex = indexes.sender(sender);
        request.recipientIndex = indexes.recipient(recipient);
        request.pairIndex = indexes.pair(sender, recipient);
        RowCipher.Sealed sealed = cipher.seal(FriendRequest.TABLE, request.id, sender, recipient);
        request.keyId = sealed.keyId();
        request.sealed = sealed.bytes();
        request.status = Status.PENDING;
        request.createdAt = now;
        return request;
    }

    /**
     * The other user of a request the user sent ({@code sentByUser}) or received; empty, and logged, for a row found
     * under the user's index that was not sealed for them.
     */
    private Optional<UUID> counterpart(FriendRequest row, UUID userId, boolean sentByUser) {
        Parties parties = cipher.open(FriendRequest.TABLE, row.id, row.keyId, row.sealed);
        if (!(sentByUser ? parties.first() : parties.second()).equals(userId)) {
            LOG.warnf("Friend request row %s is under an index it was not sealed for; ignored", row.id);
            return Optional.empty();
        }
        return Optional.of(sentByUser ? parties.second() : parties.first());
    }

    private Uni<Map<UUID, String>> usernames(Collection<UUID> ids) {
        return users.findByIds(Set.copyOf(ids))
                .map(known -> known.stream().collect(Collectors.toMap(user -> user.id, user -> user.username)));
    }

    /** "23 hours", "1 hour", "5 minutes": the wait, rounded up. */
    private static String phrase(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        if (minutes < 60) {
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        long hours = (minutes + 59) / 60;
        return hours == 1 ? "1 hour" : hours + " hours";
    }
}

package dev.parley.chat.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.Conversation;
import dev.parley.chat.KnownUser;
import dev.parley.chat.repository.ConversationRepository;
import dev.parley.chat.repository.ConversationRepository.Summary;
import dev.parley.chat.repository.FriendshipRepository;
import dev.parley.chat.repository.KnownUserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** 1:1 conversations between friends: opening one, and each member's list with last activity and unread count. */
@ApplicationScoped
public class ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationService.class);

    /** A conversation as one member sees it; {@code friend} is null when the other account no longer exists. */
    public record ConversationView(UUID id, KnownUser friend, Instant createdAt, Instant lastActivity, long unread) {
    }

    private final ConversationRepository conversations;
    private final FriendshipRepository friendships;
    private final KnownUserRepository users;
    private final Clock clock;

    ConversationService(ConversationRepository conversations, FriendshipRepository friendships,
            KnownUserRepository users, Clock clock) {
        this.conversations = conversations;
        this.friendships = friendships;
        this.users = users;
        this.clock = clock;
    }

    /** The conversation with a friend, created on first use; only between friends. */
    public Uni<ConversationView> open(UUID userId, UUID friendId) {
        if (userId.equals(friendId)) {
            return Uni.createFrom().failure(notAFriend());
        }
        // Programmatic rather than @WithTransaction: the unique violation aborts the transaction, and the retry
        // below needs a transaction of its own.
        return Panache.withTransaction(() -> users.findById(friendId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Unknown user."))
                .call(friend -> requireFriends(userId, friendId))
                .chain(friend -> findOrCreate(userId, friendId)
                        .map(conversation -> new ConversationView(conversation.id, friend, conversation.createdAt,
                                conversation.createdAt, 0))))
                // Both friends opened it at once: the other transaction created it first.
                .onFailure(UniqueViolations::is).recoverWithUni(() -> open(userId, friendId));
    }

    private Uni<Void> requireFriends(UUID userId, UUID friendId) {
        return friendships.areFriends(userId, friendId)
                .chain(friends -> friends ? Uni.createFrom().voidItem() : Uni.createFrom().failure(notAFriend()));
    }

    private Uni<Conversation> findOrCreate(UUID userId, UUID friendId) {
        return conversations.findByMembers(userId, friendId)
                .onItem().ifNull().switchTo(() -> conversations
                        .create(userId, friendId, clock.instant().truncatedTo(ChronoUnit.MICROS))
                        .invoke(created -> LOG.infof("Conversation %s opened", created.id)));
    }

    /** The user's conversations, most recently active first. */
    @WithSession
    public Uni<List<ConversationView>> list(UUID userId) {
        return conversations.summariesOf(userId).chain(this::views);
    }

    private Uni<List<ConversationView>> views(List<Summary> summaries) {
        if (summaries.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> friendIds = summaries.stream().map(Summary::friendId).toList();
        return users.findByIds(friendIds).map(found -> {
            Map<UUID, KnownUser> byId = found.stream().collect(Collectors.toMap(user -> user.id, Function.identity()));
            return summaries.stream().map(summary -> view(summary, byId.get(summary.friendId()))).toList();
        });
    }

    /**
     * One of the user's conversations; 404 for any other, so nobody learns which conversations exist. Annotated
     * itself: its call of {@link #list} does not pass through the interceptor.
     */
    @WithSession
    public Uni<ConversationView> get(UUID userId, UUID conversationId) {
        return list(userId).chain(views -> views.stream().filter(view -> view.id().equals(conversationId))
                .findFirst()
                .map(view -> Uni.createFrom().item(view))
                .orElseGet(() -> Uni.createFrom().failure(unknownConversation())));
    }

    /** Within a session: the conversation, when the user is a member of it; fails with 404 otherwise. */
    public Uni<Conversation> requireMember(UUID userId, UUID conversationId) {
        return conversations.findById(conversationId).map(conversation -> {
            if (conversation == null || !conversation.hasMember(userId)) {
                throw unknownConversation();
            }
            return conversation;
        });
    }

    public static ApiException unknownConversation() {
        return new ApiException(404, ErrorCode.UNKNOWN_CONVERSATION, "Unknown conversation.");
    }

    public static ApiException notAFriend() {
        return new ApiException(403, ErrorCode.NOT_A_FRIEND, "You can only chat with friends.");
    }

    private static ConversationView view(Summary summary, KnownUser friend) {
        return new ConversationView(summary.conversationId(), friend, summary.createdAt(),
                ConversationRepository.lastActivity(summary), summary.unread());
    }
}

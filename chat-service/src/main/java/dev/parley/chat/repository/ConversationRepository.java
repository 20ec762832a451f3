package dev.parley.chat.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.Conversation;
import dev.parley.chat.ConversationMember;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    /** One line of a member's conversation list. {@code lastMessageAt} is null before the first message. */
    public record Summary(UUID conversationId, UUID friendId, Instant createdAt, Instant lastMessageAt, long unread) {
    }

    /** Whether a member may send into a conversation: the other member and whether they are still friends. */
    public record Membership(UUID friendId, boolean friends) {
    }

    /** The friend has read up to the message {@code upTo} (its public id); the marker moved {@code at}. */
    public record ReadReceipt(UUID upTo, Instant at) {
    }

    public Uni<Conversation> findByMembers(UUID one, UUID other) {
        return find("userA = ?1 and userB = ?2", FriendshipRepository.first(one, other),
                FriendshipRepository.second(one, other)).firstResult();
    }

    /** Creates the pair's conversation with both members' rows. */
    public Uni<Conversation> create(UUID one, UUID other, Instant now) {
        Conversation conversation = new Conversation();
        conversation.id = UUID.randomUUID();
        conversation.userA = FriendshipRepository.first(one, other);
        conversation.userB = FriendshipRepository.second(one, other);
        conversation.createdAt = now;
        return persist(conversation)
                .call(created -> member(created.id, one, other).persist())
                .call(created -> member(created.id, other, one).persist());
    }

    public Uni<ConversationMember> findMember(UUID userId, UUID conversationId) {
        return ConversationMember.findById(new ConversationMember.Key(userId, conversationId));
    }

    /** The sender's membership of the conversation and the pair's friendship, in one query; null when not a member. */
    public Uni<Membership> membership(UUID userId, UUID conversationId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                select m.friendId, f.friends from ConversationMember m
                left join Friendship f on (f.userA = m.userId and f.userB = m.friendId)
                    or (f.userA = m.friendId and f.userB = m.userId)
                where m.userId = :userId and m.conversationId = :conversationId""", Object[].class)
                .setParameter("userId", userId)
                .setParameter("conversationId", conversationId)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : new Membership((UUID) row[0], Boolean.TRUE.equals(row[1])));
    }

    /** The member's conversations, most recently active first. */
    public Uni<List<Summary>> summariesOf(UUID userId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                select new dev.parley.chat.repository.ConversationRepository$Summary(m.conversationId, m.friendId,
                    c.createdAt,
                    (select last.storedAt from ChatMessage last where last.id =
                        (select max(x.id) from ChatMessage x where x.conversationId = m.conversationId)),
                    (select count(u) from ChatMessage u where u.conversationId = m.conversationId
                        and u.senderId = m.friendId and u.id > m.readUpTo))
                from ConversationMember m join Conversation c on c.id = m.conversationId
                where m.userId = :userId""", Summary.class)
                .setParameter("userId", userId)
                .getResultList())
                .map(summaries -> summaries.stream()
                        .sorted((x, y) -> lastActivity(y).compareTo(lastActivity(x)))
                        .toList());
    }

    /** Moves the member's read marker forward (never back) to an internal message id. */
    public Uni<Integer> markRead(UUID userId, UUID conversationId, long upTo) {
        return ConversationMember.update("readUpTo = ?1 where userId = ?2 and conversationId = ?3 and readUpTo < ?1",
                upTo, userId, conversationId);
    }

    /**
     * Moves the member's read marker forward like {@link #markRead}, and with it the marker the friend may be told
     * about (read receipts on), stamped {@code now}.
     */
    public Uni<Integer> markReadAndReport(UUID userId, UUID conversationId, long upTo, Instant now) {
        return ConversationMember.update("readUpTo = ?1, readReceiptUpTo = ?1, readReceiptAt = ?4"
                + " where userId = ?2 and conversationId = ?3 and readUpTo < ?1", upTo, userId, conversationId, now);
    }

    /** How far the member has read as their friend may be told; null before anything was reported. */
    public Uni<ReadReceipt> readReceipt(UUID memberId, UUID conversationId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                select new dev.parley.chat.repository.ConversationRepository$ReadReceipt(r.publicId, m.readReceiptAt)
                from ConversationMember m join ChatMessage r on r.id = m.readReceiptUpTo
                where m.userId = :memberId and m.conversationId = :conversationId""", ReadReceipt.class)
                .setParameter("memberId", memberId)
                .setParameter("conversationId", conversationId)
                .getSingleResultOrNull());
    }

    /**
     * Deletes every conversation of the user with its messages; the members go with them (ON DELETE CASCADE). Messages
     * carry no foreign key (it cost a lock on the conversation per message stored), so they are deleted here.
     */
    public Uni<Long> deleteAllOf(UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                delete from message where conversation_id in
                    (select id from conversation where user_a = :userId or user_b = :userId)""")
                .setParameter("userId", userId)
                .executeUpdate())
                .chain(() -> delete("userA = ?1 or userB = ?1", userId));
    }

    public static Instant lastActivity(Summary summary) {
        return summary.lastMessageAt() != null ? summary.lastMessageAt() : summary.createdAt();
    }

    private static ConversationMember member(UUID conversationId, UUID userId, UUID friendId) {
        ConversationMember member = new ConversationMember();
        member.conversationId = conversationId;
        member.userId = userId;
        member.friendId = friendId;
        return member;
    }
}

package dev.parley.chat.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.GroupMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * A group's messages as one member may read them: only those of the epochs they were a member of, in any of their
 * membership periods (a member added later does not read what was sent before; one added again reads both periods,
 * not the gap between them).
 */
@ApplicationScoped
public class GroupMessageRepository implements PanacheRepositoryBase<GroupMessage, Long> {

    /** A member's view of one group's messages: when the newest was stored (null before any), and how many unread. */
    public record Activity(UUID groupId, Instant lastMessageAt, long unread) {
    }

    /** The message's epoch lies in one of the user's membership periods. */
    private static final String VISIBLE = """
            m.groupId = :groupId and exists (select 1 from GroupMember p where p.groupId = m.groupId
                and p.userId = :userId and p.joinedEpoch <= m.epoch
                and (p.leftEpoch is null or p.leftEpoch > m.epoch))""";

    /** The message, when it is in the group and the user may read it. */
    public Uni<GroupMessage> findVisible(UUID groupId, UUID userId, UUID publicId) {
        return find("from GroupMessage m where " + VISIBLE + " and m.publicId = :publicId",
                Parameters.with("groupId", groupId).and("userId", userId)
                        .and("publicId", publicId))
                .firstResult();
    }

    /** The newest {@code limit} messages the user may read older than {@code before} (all, when null), oldest first. */
    public Uni<List<GroupMessage>> pageBefore(UUID groupId, UUID userId, Long before, int limit) {
        Parameters parameters = Parameters.with("groupId", groupId)
                .and("userId", userId);
        String query = "from GroupMessage m where " + VISIBLE;
        if (before != null) {
            query += " and m.id < :before";
            parameters = parameters.and("before", before);
        }
        return find(query, Sort.descending("id"), parameters).page(Page.ofSize(limit)).list()
                .map(newestFirst -> {
                    List<GroupMessage> oldestFirst = new ArrayList<>(newestFirst);
                    Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    /** The oldest {@code limit} messages the user may read newer than {@code after}, oldest first. */
    public Uni<List<GroupMessage>> pageAfter(UUID groupId, UUID userId, long after, int limit) {
        return find("from GroupMessage m where " + VISIBLE + " and m.id > :after", Sort.ascending("id"),
                Parameters.with("groupId", groupId).and("userId", userId)
                        .and("after", after))
                .page(Page.ofSize(limit)).list();
    }

    /**
     * For each of the groups the user is a member of now: when its newest message was stored, and how many messages
     * from others in the user's current period came after their read marker.
     */
    public Uni<List<Activity>> activityOf(UUID userId, Collection<UUID> groupIds) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                select new dev.parley.chat.repository.GroupMessageRepository$Activity(p.groupId,
                    (select last.storedAt from GroupMessage last where last.id =
                        (select max(x.id) from GroupMessage x where x.groupId = p.groupId)),
                    (select count(u) from GroupMessage u where u.groupId = p.groupId and u.id > p.readUpTo
                        and u.senderId <> p.userId and u.epoch >= p.joinedEpoch))
                from GroupMember p
                where p.userId = :userId and p.groupId in :groupIds and p.leftEpoch is null""", Activity.class)
                .setParameter("userId", userId)
                .setParameter("groupIds", groupIds)
                .getResultList());
    }
}

package dev.parley.chat.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.GroupMember;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupMemberRepository implements PanacheRepositoryBase<GroupMember, Long> {

    /** The user's current membership period of the group; null when they are not a member now. */
    public Uni<GroupMember> current(UUID groupId, UUID userId) {
        return find("groupId = ?1 and userId = ?2 and leftEpoch is null", groupId, userId).firstResult();
    }

    /** Every membership period of the groups, present and past, in the order they began. */
    public Uni<List<GroupMember>> periodsOf(Collection<UUID> groupIds) {
        return find("groupId in ?1 order by id", groupIds).list();
    }

    /** The ids of the group's current members. */
    public Uni<List<UUID>> currentOf(UUID groupId) {
        return find("select m.userId from GroupMember m where m.groupId = ?1 and m.leftEpoch is null", groupId)
                .project(UUID.class).list();
    }

    /** The user's current memberships, in every group. */
    public Uni<List<GroupMember>> membershipsOf(UUID userId) {
        return find("userId = ?1 and leftEpoch is null", userId).list();
    }

    public Uni<Long> countCurrent(UUID groupId) {
        return count("groupId = ?1 and leftEpoch is null", groupId);
    }

    /** Starts a membership period in {@code epoch}. */
    public Uni<GroupMember> join(UUID groupId, UUID userId, int epoch, Instant now) {
        GroupMember member = new GroupMember();
        member.groupId = groupId;
        member.userId = userId;
        member.joinedEpoch = epoch;
        member.joinedAt = now;
        return persist(member);
    }
}

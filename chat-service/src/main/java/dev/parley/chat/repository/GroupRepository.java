package dev.parley.chat.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.parley.chat.ChatGroup;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<ChatGroup, UUID> {

    /**
     * The group, its row locked until the transaction ends: membership changes of one group run one after another, so
     * two adds at once can neither exceed the member limit nor both raise the epoch from the same value.
     */
    public Uni<ChatGroup> lock(UUID groupId) {
        return findById(groupId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The groups the user is a member of now, the most recently changed first. */
    public Uni<List<ChatGroup>> currentOf(UUID userId) {
        return find("""
                from ChatGroup g where g.id in
                    (select m.groupId from GroupMember m where m.userId = ?1 and m.leftEpoch is null)
                order by g.changedAt desc, g.id""", userId).list();
    }
}

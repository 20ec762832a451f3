package dev.parley.chat.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.parley.chat.GroupChange;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupChangeRepository implements PanacheRepositoryBase<GroupChange, Long> {

    /** Records one change; {@code subjectId} and {@code name} are null where the kind has none. */
    public Uni<GroupChange> record(UUID groupId, GroupChange.Kind kind, UUID actorId, UUID subjectId, int epoch,
            String name, Instant now) {
        GroupChange change = new GroupChange();
        change.publicId = UUID.randomUUID();
        change.groupId = groupId;
        change.kind = kind.wire();
        change.actorId = actorId;
        change.subjectId = subjectId;
        change.epoch = epoch;
        change.name = name;
        change.changedAt = now;
        return persist(change);
    }

    /** The change of the group with this public id; null when the group has none. */
    public Uni<GroupChange> findInGroup(UUID groupId, UUID publicId) {
        return find("groupId = ?1 and publicId = ?2", groupId, publicId).firstResult();
    }

    /** Up to {@code limit} of the group's changes after the internal id {@code after} (0: from the first), oldest first. */
    public Uni<List<GroupChange>> pageAfter(UUID groupId, long after, int limit) {
        return find("groupId = ?1 and id > ?2 order by id", groupId, after).page(0, limit).list();
    }
}

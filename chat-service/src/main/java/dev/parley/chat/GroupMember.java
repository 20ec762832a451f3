package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One period of a user's membership of a group: from the epoch they joined in to the epoch they left in (the first
 * without them), null while they are a member. Kept after they leave, so history can follow membership periods.
 */
@Entity
@Table(name = "group_member")
public class GroupMember extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "joined_epoch", nullable = false)
    public int joinedEpoch;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "left_epoch")
    public Integer leftEpoch;

    @Column(name = "left_at")
    public Instant leftAt;

    /**
     * The newest group message (internal id, 0 for none) the member has read in this period, which unread counts
     * start from. Read here, never written: the read marker is moved by one statement of its own
     * (GroupReceiptStore), so a membership change written through this entity cannot put an older value back.
     */
    @Column(name = "read_up_to", insertable = false, updatable = false)
    public long readUpTo;
}

package dev.parley.chat.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.chat.KnownUser;

/**
 * A group as one of its members sees it. {@code creatorId} is null once the creator left; a member's {@code user} is
 * null while the users projection does not know them (or no longer does). {@code formerMembers} are those who were
 * members and are not now, whose old messages members still read; {@code memberships} every membership period, oldest
 * first. {@code lastActivity} is the time of the newest message or change, {@code unread} the messages from others
 * after the member's read marker in their current period.
 */
public record GroupView(UUID id, String name, int epoch, UUID creatorId, Instant createdAt, Instant changedAt,
        List<Member> members, List<Member> formerMembers, List<Membership> memberships, Instant lastActivity,
        long unread) {

    public record Member(UUID userId, KnownUser user) {
    }

    /** A user was a member of the epochs from {@code joinedEpoch} up to {@code leftEpoch} (null while a member). */
    public record Membership(UUID userId, int joinedEpoch, Integer leftEpoch) {
    }

    public List<UUID> memberIds() {
        return members.stream().map(Member::userId).toList();
    }
}

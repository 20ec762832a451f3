package dev.parley.chat.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.chat.KnownUser;

/**
 * A group as its members see it. {@code creatorId} is null once the creator left; a member's {@code user} is null
 * while the users projection does not know them.
 */
public record GroupView(UUID id, String name, int epoch, UUID creatorId, Instant createdAt, Instant changedAt,
        List<Member> members) {

    public record Member(UUID userId, KnownUser user) {
    }

    public List<UUID> memberIds() {
        return members.stream().map(Member::userId).toList();
    }
}

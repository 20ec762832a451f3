package dev.parley.chat.service;

import java.util.List;
import java.util.UUID;

import dev.parley.chat.GroupChange;

/**
 * A committed membership change: the group as it is now, the line recorded, and who is told (the current members,
 * and whoever the change took out of the group).
 */
public record GroupChanged(GroupView group, GroupChange change, List<UUID> recipients) {
}

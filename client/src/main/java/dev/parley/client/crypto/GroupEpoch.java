package dev.parley.client.crypto;

import java.util.Objects;
import java.util.Set;

/**
 * One version of a group's membership as the server recorded it (PROTOCOL.md §7, 1.2): the server counts the epoch up
 * on every add, remove or leave. A sender wraps a message's key for exactly the other members of the epoch it names,
 * and a reader accepts a message only from a member of that epoch.
 *
 * @param number  the epoch, from 1
 * @param members the user ids of every member in that epoch, the sender included
 */
public record GroupEpoch(long number, Set<String> members) {

    public GroupEpoch {
        if (number < 1 || number > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("a group's epoch starts at 1 and stays a safe integer, got " + number);
        }
        members = Set.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an epoch has members");
        }
    }

    public boolean hasMember(String userId) {
        return members.contains(userId);
    }
}

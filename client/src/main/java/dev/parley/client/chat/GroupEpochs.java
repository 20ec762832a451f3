package dev.parley.client.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.GroupMember;
import dev.parley.client.api.ChatModels.Membership;
import dev.parley.client.crypto.GroupEpoch;

/**
 * Who was a member of which epoch of a group, from the server's record (PROTOCOL.md §7): the reader's check 6 needs
 * the members of every epoch a message may name, the sender those of the current one.
 */
final class GroupEpochs {

    private GroupEpochs() {
    }

    /** Every epoch from 1 to the group's current one that had members, by the membership periods. */
    static List<GroupEpoch> of(GroupInfo group) {
        List<GroupEpoch> epochs = new ArrayList<>();
        for (long number = 1; number <= group.epoch(); number++) {
            long epoch = number;
            Set<String> members = group.memberships().stream().filter(period -> period.covers(epoch))
                    .map(Membership::userId).map(Object::toString).collect(Collectors.toSet());
            if (!members.isEmpty()) {
                epochs.add(new GroupEpoch(epoch, members));
            }
        }
        return epochs;
    }

    /** The current epoch with the current members: whom a message sealed now is for. */
    static GroupEpoch current(GroupInfo group) {
        return new GroupEpoch(group.epoch(), group.members().stream().map(GroupMember::userId).map(Object::toString)
                .collect(Collectors.toSet()));
    }
}

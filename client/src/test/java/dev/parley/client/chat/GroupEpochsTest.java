package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.GroupMember;
import dev.parley.client.api.ChatModels.Membership;
import dev.parley.client.crypto.GroupEpoch;

class GroupEpochsTest {

    private static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID BOB = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final UUID CAROL = UUID.fromString("00000000-0000-4000-8000-00000000000c");

    @Test
    void eachEpochHasTheMembersWhosePeriodCoversIt() {
        // alice throughout; bob from 1, removed in 3, added again in 4; carol added in 2.
        GroupInfo group = group(4, List.of(ALICE, CAROL, BOB), List.of(
                new Membership(ALICE, 1, null), new Membership(BOB, 1, 3L), new Membership(CAROL, 2, null),
                new Membership(BOB, 4, null)));

        assertThat(GroupEpochs.of(group)).containsExactly(
                new GroupEpoch(1, ids(ALICE, BOB)),
                new GroupEpoch(2, ids(ALICE, BOB, CAROL)),
                new GroupEpoch(3, ids(ALICE, CAROL)),
                new GroupEpoch(4, ids(ALICE, BOB, CAROL)));
    }

    @Test
    void theCurrentEpochIsTheCurrentMembers() {
        GroupInfo group = group(2, List.of(ALICE, CAROL), List.of(new Membership(ALICE, 1, null),
                new Membership(BOB, 1, 2L), new Membership(CAROL, 1, null)));

        assertThat(GroupEpochs.current(group)).isEqualTo(new GroupEpoch(2, ids(ALICE, CAROL)));
    }

    private static GroupInfo group(long epoch, List<UUID> members, List<Membership> memberships) {
        return new GroupInfo(UUID.randomUUID(), "Team", epoch, ALICE,
                members.stream().map(id -> new GroupMember(id, "user", "key")).toList(), List.of(), memberships,
                Instant.now(), Instant.now(), null, 0);
    }

    private static Set<String> ids(UUID... users) {
        return Arrays.stream(users).map(UUID::toString).collect(Collectors.toSet());
    }
}

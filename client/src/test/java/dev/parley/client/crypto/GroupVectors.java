package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code groups} section of the test vectors, with the keys and memberships its readers hold. */
final class GroupVectors {

    static final JsonNode GROUPS = TestVectors.get("groups");
    static final String GROUP_ID = GROUPS.get("groupId").textValue();

    private GroupVectors() {
    }

    /** The pair keys {@code name} derives with every other identity of the group vectors. */
    static List<GroupPairKey> pairKeysOf(String name) {
        List<GroupPairKey> keys = new ArrayList<>();
        for (JsonNode member : GROUPS.get("members")) {
            String other = member.textValue();
            if (!other.equals(name)) {
                keys.add(GroupPairKey.derive(TestVectors.identity(name), TestVectors.userId(other),
                        TestVectors.identity(other).publicKey(), GROUP_ID));
            }
        }
        return keys;
    }

    static List<GroupEpoch> epochs() {
        List<GroupEpoch> epochs = new ArrayList<>();
        for (JsonNode epoch : GROUPS.get("epochs")) {
            Set<String> members = new LinkedHashSet<>();
            epoch.get("members").forEach(member -> members.add(member.textValue()));
            epochs.add(new GroupEpoch(epoch.get("epoch").longValue(), members));
        }
        return epochs;
    }

    static GroupEpoch epoch(long number) {
        return epochs().stream().filter(epoch -> epoch.number() == number).findFirst().orElseThrow();
    }

    static GroupVerifier verifierFor(String name) {
        return new GroupVerifier(GROUP_ID, TestVectors.userId(name), pairKeysOf(name), epochs());
    }
}

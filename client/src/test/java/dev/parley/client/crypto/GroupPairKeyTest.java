package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GroupPairKeyTest {

    static Stream<JsonNode> pairs() {
        return TestVectors.list(GroupVectors.GROUPS.get("pairKeys")).stream();
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void bothMembersOfAPairDeriveTheVectorsKey(JsonNode pair) {
        String a = pair.get("userA").textValue();
        String b = pair.get("userB").textValue();
        byte[] expected = TestVectors.bytes(pair.get("pairKey"));

        GroupPairKey seenByA = GroupPairKey.derive(TestVectors.identity(a), TestVectors.userId(b),
                TestVectors.identity(b).publicKey(), GroupVectors.GROUP_ID);
        GroupPairKey seenByB = GroupPairKey.derive(TestVectors.identity(b), TestVectors.userId(a),
                TestVectors.identity(a).publicKey(), GroupVectors.GROUP_ID);

        assertThat(seenByA.bytes()).as("%s with %s", a, b).isEqualTo(expected);
        assertThat(seenByB.bytes()).as("%s with %s", b, a).isEqualTo(expected);
        assertThat(ConversationKey.salt(TestVectors.identity(a).publicKey(), TestVectors.identity(b).publicKey()))
                .isEqualTo(TestVectors.bytes(pair.get("salt")));
        assertThat(seenByA.memberUserId()).isEqualTo(TestVectors.userId(b));
    }

    @Test
    void aPairKeyIsNotTheConversationKeyOfTheSameTwoUsers() {
        IdentityKeyPair alice = TestVectors.identity("alice");
        IdentityPublicKey bob = TestVectors.identity("bob").publicKey();
        String sameId = GroupVectors.GROUP_ID;

        assertThat(GroupPairKey.derive(alice, "bob", bob, sameId).bytes())
                .isNotEqualTo(ConversationKey.derive(alice, bob, sameId).bytes());
    }

    @Test
    void theKeyNeverShowsInText() {
        GroupPairKey key = GroupVectors.pairKeysOf("alice").get(0);

        assertThat(key.toString()).doesNotContain(Base64Url.encode(key.bytes()))
                .isEqualTo("GroupPairKey[" + GroupVectors.GROUP_ID + ", with " + key.memberUserId() + ", key hidden]");
    }
}

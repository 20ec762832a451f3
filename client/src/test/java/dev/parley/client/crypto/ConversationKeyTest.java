package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ConversationKeyTest {

    private static final JsonNode VECTOR = TestVectors.get("conversation");
    private static final String CONVERSATION_ID = VECTOR.get("conversationId").textValue();

    @Test
    void theSaltHashesBothPublicKeysInByteOrder() {
        IdentityPublicKey alice = TestVectors.identity("alice").publicKey();
        IdentityPublicKey bob = TestVectors.identity("bob").publicKey();
        byte[] expected = TestVectors.bytes(VECTOR.get("salt"));

        assertThat(ConversationKey.salt(alice, bob)).isEqualTo(expected);
        assertThat(ConversationKey.salt(bob, alice)).isEqualTo(expected);
    }

    @Test
    void bothMembersDeriveTheVectorsKey() {
        IdentityKeyPair alice = TestVectors.identity("alice");
        IdentityKeyPair bob = TestVectors.identity("bob");
        byte[] expected = TestVectors.bytes(VECTOR.get("conversationKey"));

        assertThat(ConversationKey.derive(alice, bob.publicKey(), CONVERSATION_ID).bytes()).isEqualTo(expected);
        assertThat(ConversationKey.derive(bob, alice.publicKey(), CONVERSATION_ID).bytes()).isEqualTo(expected);
    }

    @Test
    void eachConversationOfTheSameTwoUsersHasItsOwnKey() {
        IdentityKeyPair alice = TestVectors.identity("alice");
        IdentityPublicKey bob = TestVectors.identity("bob").publicKey();

        ConversationKey one = ConversationKey.derive(alice, bob, CONVERSATION_ID);
        ConversationKey other = ConversationKey.derive(alice, bob, "00000000-0000-4000-8000-000000000000");

        assertThat(other.bytes()).isNotEqualTo(one.bytes());
        assertThat(other.conversationId()).isEqualTo("00000000-0000-4000-8000-000000000000");
    }

    @Test
    void theKeyNeverShowsInText() {
        ConversationKey key = new ConversationKey(CONVERSATION_ID, TestVectors.bytes(VECTOR.get("conversationKey")));

        assertThat(key.toString())
                .doesNotContain(VECTOR.get("conversationKey").textValue())
                .isEqualTo("ConversationKey[" + CONVERSATION_ID + ", key hidden]");
    }
}

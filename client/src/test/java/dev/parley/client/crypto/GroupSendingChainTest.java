package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSendingChainTest {

    private static final JsonNode MESSAGE = GroupVectors.GROUPS.get("message");
    private static final String ALICE = TestVectors.userId("alice");
    private static final String BOB = TestVectors.userId("bob");
    private static final String CAROL = TestVectors.userId("carol");

    @Test
    void sealingWithTheVectorsKeysAndNoncesGivesTheVectorsEnvelopes() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE,
                DeviceId.fromBase64Url(MESSAGE.get("device").textValue()));
        GroupEpoch epoch = GroupVectors.epoch(MESSAGE.get("epoch").longValue());

        for (JsonNode expected : TestVectors.list(MESSAGE.get("chain"))) {
            Map<String, byte[]> wrapNonces = new HashMap<>();
            expected.get("wraps").forEach(wrap -> wrapNonces.put(wrap.get("recipientUserId").textValue(),
                    TestVectors.bytes(wrap.get("nonce"))));
            MessageBody body = new MessageBody(expected.get("body").get("text").textValue(),
                    Instant.parse(expected.get("body").get("sentAt").textValue()));

            GroupMessageEnvelope envelope = chain.seal(body, epoch, GroupVectors.pairKeysOf("alice"),
                    TestVectors.bytes(expected.get("messageKey")), TestVectors.bytes(expected.get("nonce")), wrapNonces);

            assertThat(envelope.header().canonicalJson()).isEqualTo(expected.get("aad").textValue());
            assertThat(Utf8.decode(body.toCanonicalJson())).isEqualTo(expected.get("bodyJson").textValue());
            assertThat(envelope.hash()).isEqualTo(TestVectors.bytes(expected.get("hash")));
            assertThat(envelope.toJson()).isEqualTo(CanonicalJson.serialize(expected.get("envelope")));
        }
    }

    @Test
    void eachWrapHoldsTheMessageKeyAndHashForItsMemberAlone() {
        JsonNode first = MESSAGE.get("chain").get(0);
        GroupMessageEnvelope envelope = GroupMessageEnvelope.fromJson(TestVectors.text(first.get("envelope")));

        for (JsonNode wrap : TestVectors.list(first.get("wraps"))) {
            String reader = wrap.get("recipientUserId").textValue();
            String name = reader.equals(BOB) ? "bob" : "carol";
            GroupPairKey withAlice = GroupVectors.pairKeysOf(name).stream()
                    .filter(key -> key.memberUserId().equals(ALICE)).findFirst().orElseThrow();
            byte[] expected = TestVectors.bytes(wrap.get("plaintext"));

            GroupMessageEnvelope.WrappedKey unwrapped = envelope.unwrap(withAlice, reader).orElseThrow();

            assertThat(unwrapped.messageKey()).isEqualTo(TestVectors.bytes(first.get("messageKey")));
            assertThat(unwrapped.hash()).isEqualTo(TestVectors.bytes(first.get("hash")));
            assertThat(concat(unwrapped.messageKey(), unwrapped.hash())).isEqualTo(expected);
            assertThat(envelope.unwrap(withAlice, reader.equals(BOB) ? CAROL : BOB)).as("the other member's wrap").isEmpty();
        }
    }

    @Test
    void everyOtherMemberReadsAMessageSealedWithRandomKeys() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, DeviceId.random());
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        GroupVerifier carol = GroupVectors.verifierFor("carol");

        for (String text : new String[] {"Hi both", "Grüße 👋"}) {
            String relayed = chain.seal(new MessageBody(text, Instant.now()), GroupVectors.epoch(3),
                    GroupVectors.pairKeysOf("alice")).toJson();

            assertThat(GroupMessageEnvelope.fromJson(relayed).recipients()).containsExactlyInAnyOrder(BOB, CAROL);
            for (GroupVerifier reader : List.of(bob, carol)) {
                VerificationResult result = reader.verify(relayed);
                assertThat(result.isIntact()).as(result.toString()).isTrue();
                assertThat(result.message()).map(message -> message.body().text()).contains(text);
            }
        }
    }

    @Test
    void aMessageIsWrappedForTheMembersOfItsEpochOnly() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, DeviceId.random());

        GroupMessageEnvelope envelope = chain.seal(new MessageBody("after Carol left", Instant.now()),
                GroupVectors.epoch(4), GroupVectors.pairKeysOf("alice"));

        assertThat(envelope.recipients()).containsExactly(BOB);
        assertThat(envelope.header().epoch()).hasValue(4);
        assertThat(GroupVectors.verifierFor("carol").verify(envelope).problem()).contains(IntegrityProblem.KEY_MISSING);
    }

    @Test
    void aMessageResealedForTheNewMembersTakesTheRefusedOnesPlaceInTheChain() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, DeviceId.random());
        GroupVerifier bob = GroupVectors.verifierFor("bob");
        MessageBody first = new MessageBody("first", Instant.now());
        assertThat(bob.verify(chain.seal(first, GroupVectors.epoch(3), GroupVectors.pairKeysOf("alice"))).isIntact()).isTrue();
        MessageBody second = new MessageBody("sent as Carol left", Instant.now());
        chain.seal(second, GroupVectors.epoch(3), GroupVectors.pairKeysOf("alice"));

        GroupMessageEnvelope resealed = chain.resealLast(second, GroupVectors.epoch(4), GroupVectors.pairKeysOf("alice"));
        GroupMessageEnvelope third = chain.seal(new MessageBody("third", Instant.now()), GroupVectors.epoch(4),
                GroupVectors.pairKeysOf("alice"));

        assertThat(resealed.header().seq()).isEqualTo(2);
        assertThat(resealed.recipients()).containsExactly(BOB);
        assertThat(bob.verify(resealed).problem()).isEmpty();
        assertThat(bob.verify(third).problem()).isEmpty();
    }

    @Test
    void nothingIsResealedBeforeTheFirstMessage() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, DeviceId.random());

        assertThatThrownBy(() -> chain.resealLast(new MessageBody("hi", Instant.now()), GroupVectors.epoch(3),
                GroupVectors.pairKeysOf("alice"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealingForAMemberWithoutAPairKeyIsRefused() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, ALICE, DeviceId.random());
        GroupEpoch withDave = new GroupEpoch(5, Set.of(ALICE, BOB, "d4e5f6a7-0000-4000-8000-000000000000"));

        assertThatThrownBy(() -> chain.seal(new MessageBody("hi", Instant.now()), withDave, GroupVectors.pairKeysOf("alice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pair key with d4e5f6a7-0000-4000-8000-000000000000");
    }

    @Test
    void sealingForAnEpochTheSenderIsNotAMemberOfIsRefused() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, CAROL, DeviceId.random());

        assertThatThrownBy(() -> chain.seal(new MessageBody("hi", Instant.now()), GroupVectors.epoch(4),
                GroupVectors.pairKeysOf("carol")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a member of epoch 4");
    }

    @Test
    void pairKeysOfAnotherGroupAreRefused() {
        GroupSendingChain chain = GroupSendingChain.start("00000000-0000-4000-8000-000000000000", ALICE, DeviceId.random());

        assertThatThrownBy(() -> chain.seal(new MessageBody("hi", Instant.now()), GroupVectors.epoch(3),
                GroupVectors.pairKeysOf("alice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another group");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}

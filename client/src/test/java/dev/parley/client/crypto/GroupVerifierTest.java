package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GroupVerifierTest {

    private static final JsonNode VERIFICATION = GroupVectors.GROUPS.get("verification");
    private static final JsonNode CHAIN = GroupVectors.GROUPS.get("message").get("chain");

    static Stream<Named<JsonNode>> cases() {
        return TestVectors.named(VERIFICATION.get("cases"), "description");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsTheFirstFailedCheckAsTheVectorsSay(JsonNode vectorCase) {
        GroupVerifier verifier = GroupVectors.verifierFor(vectorCase.get("reader").textValue());

        int step = 0;
        for (JsonNode expected : TestVectors.list(vectorCase.get("steps"))) {
            VerificationResult result = verifier.verify(TestVectors.text(expected.get("envelope")));

            assertThat(result.problem().map(Enum::name).orElse("INTACT"))
                    .as("%s, step %d", vectorCase.get("description").textValue(), ++step)
                    .isEqualTo(expected.get("expect").textValue());
        }
    }

    @Test
    void anIntactMessageComesWithItsBodyHashAndEpoch() {
        JsonNode expected = CHAIN.get(0);

        VerificationResult result = GroupVectors.verifierFor("carol").verify(TestVectors.text(expected.get("envelope")));

        OpenedMessage message = result.message().orElseThrow();
        assertThat(message.body().text()).isEqualTo(expected.get("body").get("text").textValue());
        assertThat(message.hash()).isEqualTo(TestVectors.bytes(expected.get("hash")));
        assertThat(message.header().senderUserId()).isEqualTo(TestVectors.userId("alice"));
        assertThat(message.header().epoch()).hasValue(3);
    }

    @Test
    void aSwappedCiphertextShowsNothingOfWhatTheOtherMemberWrote() {
        JsonNode swapped = stepOf("CIPHERTEXT_SWAPPED");

        VerificationResult result = GroupVectors.verifierFor("bob").verify(TestVectors.text(swapped));

        assertThat(result.problem()).contains(IntegrityProblem.CIPHERTEXT_SWAPPED);
        assertThat(result.message()).isEmpty();
    }

    @Test
    void aMessageFromARemovedMemberIsFlaggedButShownWithItsSender() {
        VerificationResult result = GroupVectors.verifierFor("bob").verify(TestVectors.text(stepOf("NOT_A_MEMBER")));

        assertThat(result.problem()).contains(IntegrityProblem.NOT_A_MEMBER);
        assertThat(result.message()).map(message -> message.header().senderUserId()).contains(TestVectors.userId("carol"));
    }

    @Test
    void aMessageFromSomeoneTheReaderSharesNoKeyWithIsModified() {
        List<GroupPairKey> onlyWithCarol = GroupVectors.pairKeysOf("bob").stream()
                .filter(key -> key.memberUserId().equals(TestVectors.userId("carol"))).toList();
        GroupVerifier verifier = new GroupVerifier(GroupVectors.GROUP_ID, TestVectors.userId("bob"), onlyWithCarol,
                GroupVectors.epochs());

        assertThat(verifier.verify(TestVectors.text(CHAIN.get(0).get("envelope"))).problem())
                .contains(IntegrityProblem.MODIFIED);
    }

    @Test
    void aMessageNamingAnEpochTheReaderDoesNotKnowIsFromNoKnownMember() {
        GroupSendingChain chain = GroupSendingChain.start(GroupVectors.GROUP_ID, TestVectors.userId("alice"), DeviceId.random());
        GroupEpoch unknown = new GroupEpoch(9, GroupVectors.epoch(3).members());

        GroupMessageEnvelope envelope = chain.seal(new MessageBody("hi", Instant.now()), unknown, GroupVectors.pairKeysOf("alice"));

        assertThat(GroupVectors.verifierFor("bob").verify(envelope).problem()).contains(IntegrityProblem.NOT_A_MEMBER);
    }

    @Test
    void whatIsNotAStrictGroupEnvelopeIsModified() {
        ObjectNode withExtraKey = CHAIN.get(0).get("envelope").deepCopy();
        withExtraKey.put("extra", "x");

        for (String json : new String[] {"", "not json", "{}", "[]", TestVectors.text(withExtraKey)}) {
            assertThat(GroupVectors.verifierFor("bob").verify(json).problem()).as(json).contains(IntegrityProblem.MODIFIED);
        }
    }

    private static JsonNode stepOf(String expect) {
        for (JsonNode vectorCase : VERIFICATION.get("cases")) {
            for (JsonNode step : vectorCase.get("steps")) {
                if (step.get("expect").textValue().equals(expect)) {
                    return step.get("envelope");
                }
            }
        }
        throw new IllegalStateException("no vector step expects " + expect);
    }
}

package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageVerifierTest {

    private static final JsonNode MESSAGES = TestVectors.get("messages");
    private static final JsonNode VERIFICATION = MESSAGES.get("verification");
    private static final ConversationKey KEY = new ConversationKey(VERIFICATION.get("conversationId").textValue(),
            TestVectors.bytes(TestVectors.get("conversation").get("conversationKey")));
    private static final String ALICE = VERIFICATION.get("expectedSenderUserId").textValue();

    static Stream<Named<JsonNode>> cases() {
        return TestVectors.named(VERIFICATION.get("cases"), "description");
    }

    static Stream<Named<JsonNode>> resumedCases() {
        return TestVectors.named(MESSAGES.get("resumedVerification").get("cases"), "description");
    }

    private static VerifierState state(JsonNode positions) {
        Map<DeviceId, VerifierState.Position> chains = new HashMap<>();
        for (JsonNode position : TestVectors.list(positions)) {
            chains.put(DeviceId.fromBase64Url(position.get("device").textValue()),
                    new VerifierState.Position(position.get("seq").longValue(), TestVectors.bytes(position.get("hash"))));
        }
        return new VerifierState(KEY.conversationId(), ALICE, chains);
    }

    @ParameterizedTest
    @MethodSource("resumedCases")
    void aVerifierResumedFromSavedChainsChecksTheFirstMessageLikeAnyOther(JsonNode vectorCase) {
        // Saved and read back as a client's state store would, so the JSON form is part of what is checked.
        MessageVerifier verifier = MessageVerifier.resume(KEY,
                VerifierState.fromJson(state(vectorCase.get("state")).toJson()));

        int step = 0;
        for (JsonNode expected : TestVectors.list(vectorCase.get("steps"))) {
            VerificationResult result = verifier.verify(TestVectors.text(expected.get("envelope")));
            assertThat(result.problem().map(Enum::name).orElse("INTACT"))
                    .as("%s, step %d", vectorCase.get("description").textValue(), ++step)
                    .isEqualTo(expected.get("expect").textValue());
        }
        assertThat(verifier.state().chains()).isEqualTo(state(vectorCase.get("stateAfter")).chains());
    }

    @Test
    void aSavedStateNeverShowsItsHashesInToString() {
        VerifierState.Position position = new VerifierState.Position(3, new byte[32]);

        assertThat(position.toString()).isEqualTo("Position[seq=3]");
    }

    private static String vectorEnvelope(int index) {
        return TestVectors.text(MESSAGES.get("chain").get(index).get("envelope"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsTheFirstFailedCheckAsTheVectorsSay(JsonNode vectorCase) {
        MessageVerifier verifier = new MessageVerifier(KEY, ALICE);

        int step = 0;
        for (JsonNode expected : TestVectors.list(vectorCase.get("steps"))) {
            VerificationResult result = verifier.verify(TestVectors.text(expected.get("envelope")));

            String outcome = result.problem().map(Enum::name).orElse("INTACT");
            assertThat(outcome).as("%s, step %d", vectorCase.get("description").textValue(), ++step)
                    .isEqualTo(expected.get("expect").textValue());
        }
    }

    @Test
    void anIntactMessageComesWithItsBodyAndHash() {
        JsonNode expected = MESSAGES.get("chain").get(0);

        VerificationResult result = new MessageVerifier(KEY, ALICE).verify(vectorEnvelope(0));

        assertThat(result.isIntact()).isTrue();
        OpenedMessage message = result.message().orElseThrow();
        assertThat(message.body().text()).isEqualTo(expected.get("body").get("text").textValue());
        assertThat(message.body().sentAt()).isEqualTo(Instant.parse(expected.get("body").get("sentAt").textValue()));
        assertThat(message.hash()).isEqualTo(TestVectors.bytes(expected.get("hash")));
        assertThat(message.header().senderUserId()).isEqualTo(ALICE);
    }

    @Test
    void aFlaggedButAuthenticMessageStillComesWithItsBody() {
        MessageVerifier verifier = new MessageVerifier(KEY, ALICE);

        VerificationResult result = verifier.verify(vectorEnvelope(1));

        assertThat(result.problem()).contains(IntegrityProblem.DROPPED);
        assertThat(result.message()).map(message -> message.body().text())
                .contains(MESSAGES.get("chain").get(1).get("body").get("text").textValue());
    }

    @Test
    void aModifiedMessageComesWithNothing() {
        ObjectNode envelope = (ObjectNode) MESSAGES.get("chain").get(0).get("envelope").deepCopy();
        envelope.put("ciphertext", "AAAAAAAAAAAAAAAAAAAAAA");

        VerificationResult result = new MessageVerifier(KEY, ALICE).verify(TestVectors.text(envelope));

        assertThat(result.problem()).contains(IntegrityProblem.MODIFIED);
        assertThat(result.message()).isEmpty();
    }

    @Test
    void whatIsNotAStrictEnvelopeIsModified() {
        ObjectNode withExtraKey = (ObjectNode) MESSAGES.get("chain").get(0).get("envelope").deepCopy();
        withExtraKey.put("extra", "x");
        ObjectNode withExtraHeaderKey = (ObjectNode) MESSAGES.get("chain").get(0).get("envelope").deepCopy();
        ((ObjectNode) withExtraHeaderKey.get("header")).put("extra", "x");
        String withDuplicateKey = vectorEnvelope(0).replaceFirst("\\{", "{\"nonce\":\"AAAAAAAAAAAAAAAA\",");

        for (String json : new String[] {"", "not json", "{}", "[]", TestVectors.text(withExtraKey),
                TestVectors.text(withExtraHeaderKey), withDuplicateKey}) {
            assertThat(new MessageVerifier(KEY, ALICE).verify(json).problem()).as(json).contains(IntegrityProblem.MODIFIED);
        }
    }

    @Test
    void membersWhoDerivedTheKeyFromTheirOwnKeysExchangeMessages() {
        IdentityKeyPair alice = IdentityKeyPair.generate();
        IdentityKeyPair bob = IdentityKeyPair.generate();
        SendingChain aliceSends = SendingChain.start(ConversationKey.derive(alice, bob.publicKey(), "conv-1"), "alice", DeviceId.random());
        MessageVerifier bobReceives = new MessageVerifier(ConversationKey.derive(bob, alice.publicKey(), "conv-1"), "alice");

        for (String text : new String[] {"Hi Bob", "Grüße 👋", "\"quoted\"\n"}) {
            String relayed = aliceSends.seal(new MessageBody(text, Instant.now())).toJson();

            VerificationResult result = bobReceives.verify(relayed);

            assertThat(result.isIntact()).isTrue();
            assertThat(result.message()).map(message -> message.body().text()).contains(text);
        }
    }

    @Test
    void aMemberChecksTheMessagesItsUserSentFromAnotherDeviceWithASecondVerifier() {
        SendingChain fromLaptop = SendingChain.start(KEY, "bob", DeviceId.random());
        MessageVerifier ownMessages = new MessageVerifier(KEY, "bob");

        VerificationResult result = ownMessages.verify(fromLaptop.seal(new MessageBody("sent from my laptop", Instant.now())));

        assertThat(result.isIntact()).isTrue();
        assertThat(new MessageVerifier(KEY, ALICE).verify(fromLaptop.seal(new MessageBody("again", Instant.now())))
                .problem()).contains(IntegrityProblem.WRONG_SENDER);
    }

    @Test
    void afterABrokenChainTheChainContinuesFromTheFlaggedMessage() {
        DeviceId device = DeviceId.random();
        MessageEnvelope first = sealed(device, 1, new byte[32]);
        MessageEnvelope forked = sealed(device, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        MessageEnvelope afterFork = sealed(device, 3, forked.hash());
        MessageVerifier verifier = new MessageVerifier(KEY, ALICE);

        assertThat(verifier.verify(first).problem()).isEmpty();
        assertThat(verifier.verify(forked).problem()).contains(IntegrityProblem.BROKEN_CHAIN);
        assertThat(verifier.verify(afterFork).problem()).isEmpty();
    }

    private static MessageEnvelope sealed(DeviceId device, long seq, byte[] prevHash) {
        MessageHeader header = new MessageHeader(KEY.conversationId(), ALICE, device, seq, prevHash);
        return MessageEnvelope.seal(KEY, header, new MessageBody("message " + seq, Instant.now()), RandomBytes.of(AesGcm.NONCE_LENGTH));
    }
}

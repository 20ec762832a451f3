package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendingChainTest {

    private static final JsonNode MESSAGES = TestVectors.get("messages");
    private static final String CONVERSATION_ID = MESSAGES.get("conversationId").textValue();
    private static final ConversationKey KEY =
            new ConversationKey(CONVERSATION_ID, TestVectors.bytes(TestVectors.get("conversation").get("conversationKey")));

    private static MessageBody body(JsonNode vector) {
        return new MessageBody(vector.get("body").get("text").textValue(), Instant.parse(vector.get("body").get("sentAt").textValue()));
    }

    @Test
    void sealsTheVectorsChainOfThreeMessagesByteForByte() throws Exception {
        SendingChain chain = SendingChain.start(KEY, TestVectors.userId("alice"),
                DeviceId.fromBase64Url(MESSAGES.get("device").textValue()));

        for (JsonNode expected : TestVectors.list(MESSAGES.get("chain"))) {
            byte[] nonce = TestVectors.bytes(expected.get("envelope").get("nonce"));

            MessageEnvelope envelope = chain.seal(body(expected), nonce);

            assertThat(envelope.header().canonicalJson()).isEqualTo(expected.get("aad").textValue());
            assertThat(Utf8.decode(body(expected).toCanonicalJson())).isEqualTo(expected.get("bodyJson").textValue());
            assertThat(new ObjectMapper().readTree(envelope.toJson())).isEqualTo(expected.get("envelope"));
            assertThat(Base64Url.encode(envelope.hash())).isEqualTo(expected.get("hash").textValue());
        }
    }

    @Test
    void theFirstMessageHasSeqOneAndZeroPrevAndEachNextNamesTheOneBefore() {
        SendingChain chain = SendingChain.start(KEY, "sender", DeviceId.random());

        MessageEnvelope first = chain.seal(new MessageBody("one", Instant.now()));
        MessageEnvelope second = chain.seal(new MessageBody("two", Instant.now()));

        assertThat(first.header().seq()).isEqualTo(1);
        assertThat(first.header().prevHash()).isEqualTo(new byte[32]);
        assertThat(second.header().seq()).isEqualTo(2);
        assertThat(second.header().prevHash()).isEqualTo(first.hash());
        assertThat(second.nonce()).isNotEqualTo(first.nonce());
    }

    @Test
    void aSavedStateResumesTheChainWhereItStopped() {
        SendingChain chain = SendingChain.start(KEY, "sender", DeviceId.random());
        MessageEnvelope beforeRestart = chain.seal(new MessageBody("before", Instant.now()));

        String saved = chain.state().toJson();
        SendingChain resumed = SendingChain.resume(KEY, SendingChainState.fromJson(saved));
        MessageEnvelope afterRestart = resumed.seal(new MessageBody("after", Instant.now()));

        assertThat(afterRestart.header().seq()).isEqualTo(2);
        assertThat(afterRestart.header().prevHash()).isEqualTo(beforeRestart.hash());
        assertThat(afterRestart.header().deviceId()).isEqualTo(beforeRestart.header().deviceId());
    }

    @Test
    void aStateOfAnotherConversationDoesNotResume() {
        ConversationKey otherKey = new ConversationKey("another", new byte[32]);
        SendingChainState state = SendingChain.start(otherKey, "sender", DeviceId.random()).state();

        assertThatThrownBy(() -> SendingChain.resume(KEY, state)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMalformedSavedStateIsRefused() {
        for (String json : List.of("{}", "not json", "{\"conv\":\"c\",\"device\":\"AAEC\",\"from\":\"s\",\"nextSeq\":1,\"prev\":\"\"}")) {
            assertThatThrownBy(() -> SendingChainState.fromJson(json)).as(json).isInstanceOf(ProtocolFormatException.class);
        }
    }

    @Test
    void sentAtIsKeptToTheMillisecondAsTheBodyCarriesIt() {
        MessageBody body = new MessageBody("hi", Instant.parse("2025-01-15T10:30:00.123456789Z"));

        assertThat(body.sentAt()).isEqualTo(Instant.parse("2025-01-15T10:30:00.123Z"));
        assertThat(Utf8.decode(body.toCanonicalJson())).isEqualTo("{\"sentAt\":\"2025-01-15T10:30:00.123Z\",\"text\":\"hi\"}");
    }
}

package dev.parley.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GroupMessageEnvelopeTest {

    private static final JsonNode ENVELOPE = GroupVectors.GROUPS.get("message").get("chain").get(0).get("envelope");
    private static final String BOB = TestVectors.userId("bob");

    private static ObjectNode envelope() {
        return ENVELOPE.deepCopy();
    }

    @Test
    void theVectorsEnvelopeReadsBackToTheSameCanonicalJson() {
        GroupMessageEnvelope envelope = GroupMessageEnvelope.fromJson(TestVectors.text(ENVELOPE));

        assertThat(envelope.toJson()).isEqualTo(CanonicalJson.serialize(ENVELOPE));
        assertThat(envelope.header().epoch()).hasValue(ENVELOPE.get("header").get("epoch").longValue());
    }

    @Test
    void aMemberNamedTwiceInTheKeysIsRefused() {
        String json = TestVectors.text(ENVELOPE);
        String bobsEntry = "\"" + BOB + "\":\"" + ENVELOPE.get("keys").get(BOB).textValue() + "\"";
        String duplicated = json.replace(bobsEntry, bobsEntry + "," + bobsEntry);
        assertThat(duplicated).isNotEqualTo(json);

        assertThatThrownBy(() -> GroupMessageEnvelope.fromJson(duplicated)).isInstanceOf(ProtocolFormatException.class);
    }

    @Test
    void unknownOrMissingFieldsAreRefused() {
        ObjectNode extra = envelope();
        extra.put("sender", "x");
        ObjectNode noKeys = envelope();
        noKeys.remove("keys");
        ObjectNode headerWithoutEpoch = envelope();
        ((ObjectNode) headerWithoutEpoch.get("header")).remove("epoch");
        ObjectNode headerWithExtra = envelope();
        ((ObjectNode) headerWithExtra.get("header")).put("members", 3);

        for (ObjectNode json : new ObjectNode[] {extra, noKeys, headerWithoutEpoch, headerWithExtra}) {
            assertThatThrownBy(() -> GroupMessageEnvelope.fromJson(TestVectors.text(json))).as(json.toString())
                    .isInstanceOf(ProtocolFormatException.class);
        }
    }

    @Test
    void malformedKeysAreRefused() {
        ObjectNode empty = envelope();
        empty.putObject("keys");
        ObjectNode shortWrap = envelope();
        ((ObjectNode) shortWrap.get("keys")).put(BOB, "AAAAAAAAAAAAAAAA");
        ObjectNode notAString = envelope();
        ((ObjectNode) notAString.get("keys")).put(BOB, 7);
        ObjectNode keysNotAnObject = envelope();
        keysNotAnObject.put("keys", "x");
        ObjectNode epochZero = envelope();
        ((ObjectNode) epochZero.get("header")).put("epoch", 0);

        for (ObjectNode json : new ObjectNode[] {empty, shortWrap, notAString, keysNotAnObject, epochZero}) {
            assertThatThrownBy(() -> GroupMessageEnvelope.fromJson(TestVectors.text(json))).as(json.toString())
                    .isInstanceOf(ProtocolFormatException.class);
        }
    }

    @Test
    void aOneToOneReaderRefusesAGroupEnvelopeAndTheOtherWayRound() {
        String oneToOne = TestVectors.text(TestVectors.get("messages").get("chain").get(0).get("envelope"));

        assertThatThrownBy(() -> MessageEnvelope.fromJson(TestVectors.text(ENVELOPE))).isInstanceOf(ProtocolFormatException.class);
        assertThatThrownBy(() -> GroupMessageEnvelope.fromJson(oneToOne)).isInstanceOf(ProtocolFormatException.class);
    }
}

package dev.parley.chat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

class ClientFrameReaderTest {

    private static final String ID = "00000000-0000-4000-8000-00000000000a";

    private final ObjectMapper json = new ObjectMapper();
    private final ClientFrameReader reader = new ClientFrameReader(json);

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "not json", "{", "[]", "null", "42", "\"send\"", "{'type':'send'}",
            "{\"type\":\"send\",}", "{\"type\":\"send\",\"type\":\"refresh\"}", "[\"send\",{\"id\":\"m1\"}]",
            "{\"type\":\"nope\",\"a\":1,\"a\":2}", "{\"type\":\"send\",\"envelope\":{\"a\":1,\"a\":2}}",
            "{\"type\":\"typing\"}}", "{\"type\":\"typing\"} junk", "{\"type\":\"typing\"}{\"type\":\"refresh\"}" })
    void refusesWhatIsNotExactlyOneJsonObjectWithDistinctKeys(String text) {
        assertThat(reader.read(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"type\":null}", "{\"type\":1}", "{\"type\":\"SEND\"}", "{\"type\":\"ack\"}",
            "{\"type\":[\"send\"]}", "{\"type\":{\"send\":1}}", "{\"id\":\"m1\",\"type\":\"sent\"}" })
    void readsAFrameWithoutAKnownTypeAsUnknown(String text) {
        assertThat(reader.read(text)).isEqualTo(new ClientFrame.Unknown());
    }

    @Test
    void readsASendWithItsEnvelopeAsSentWhereverTheTypeIs() throws Exception {
        String envelope = "{\"header\":{\"seq\":3,\"conv\":\"c\"},\"ciphertext\":\"x\"}";

        assertThat(reader.read("{\"type\":\"send\",\"id\":\"m1\",\"envelope\":" + envelope + ",\"extra\":[1]}"))
                .isEqualTo(new ClientFrame.Send("m1", json.readTree(envelope)));
        assertThat(reader.read("{\"envelope\":" + envelope + ",\"id\":\"m1\",\"type\":\"send\"}"))
                .isEqualTo(new ClientFrame.Send("m1", json.readTree(envelope)));
    }

    @Test
    void readsASendsIdOnlyFromAString() {
        assertThat(reader.read("{\"type\":\"send\",\"id\":5}")).isEqualTo(new ClientFrame.Send(null, null));
        assertThat(reader.read("{\"type\":\"send\",\"id\":{}}")).isEqualTo(new ClientFrame.Send(null, null));
        assertThat(reader.read("{\"type\":\"send\",\"id\":\"\",\"envelope\":null}"))
                .isEqualTo(new ClientFrame.Send("", json.nullNode()));
    }

    @Test
    void readsOnlyCanonicalUuids() {
        assertThat(reader.read("{\"type\":\"delivered\",\"conversationId\":\"" + ID + "\",\"upTo\":\"" + ID + "\"}"))
                .isEqualTo(new ClientFrame.Delivered(UUID.fromString(ID), UUID.fromString(ID)));
        assertThat(reader.read("{\"type\":\"delivered\",\"conversationId\":\"" + ID.toUpperCase() + "\","
                + "\"upTo\":[\"" + ID + "\"]}")).isEqualTo(new ClientFrame.Delivered(null, null));
        assertThat(reader.read("{\"type\":\"typing\",\"conversationId\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}"))
                .as("a base64 UUID, which Jackson's UUID reader would take").isEqualTo(new ClientFrame.Typing(null, null));
        assertThat(reader.read("{\"type\":\"typing\",\"conversationId\":{\"id\":\"" + ID + "\"}}"))
                .isEqualTo(new ClientFrame.Typing(null, null));
    }

    @Test
    void readsTheGroupFramesWithTheirGroupId() {
        assertThat(reader.read(
                "{\"type\":\"group-delivered\",\"groupId\":\"" + ID + "\",\"upTo\":\"" + ID + "\"}"))
                .isEqualTo(new ClientFrame.GroupDelivered(UUID.fromString(ID), UUID.fromString(ID)));
        assertThat(reader.read("{\"type\":\"group-delivered\",\"conversationId\":\"" + ID + "\",\"upTo\":7}"))
                .isEqualTo(new ClientFrame.GroupDelivered(null, null));
        assertThat(reader.read("{\"type\":\"typing\",\"groupId\":\"" + ID + "\"}"))
                .isEqualTo(new ClientFrame.Typing(null, UUID.fromString(ID)));
    }

    @Test
    void readsARefreshWithoutATokenAsAnEmptyOne() {
        assertThat(reader.read("{\"type\":\"refresh\",\"token\":\"t\"}")).isEqualTo(new ClientFrame.Refresh("t"));
        assertThat(reader.read("{\"type\":\"refresh\"}")).isEqualTo(new ClientFrame.Refresh(""));
        assertThat(reader.read("{\"type\":\"refresh\",\"token\":{}}")).isEqualTo(new ClientFrame.Refresh(""));
    }
}

package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class ServerFrameTest {

    private static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");

    private final ObjectReader frames =
            new ObjectMapper().registerModule(new JavaTimeModule()).readerFor(ServerFrame.class);

    @Test
    void readsAMessageWithItsEnvelopeAsSent() throws Exception {
        ServerFrame.Message message = frames.readValue("{\"type\":\"message\",\"conversationId\":\"" + A
                + "\",\"messageId\":\"" + B + "\",\"senderId\":\"" + A + "\",\"storedAt\":\"2026-12-03T10:15:30.5Z\","
                + "\"envelope\":{\"header\":{\"seq\":1},\"ciphertext\":\"x\"}}");

        assertThat(message.storedAt()).isEqualTo(Instant.parse("2026-12-03T10:15:30.5Z"));
        assertThat(message.envelope().toString()).isEqualTo("{\"header\":{\"seq\":1},\"ciphertext\":\"x\"}");
    }

    @Test
    void readsAnErrorWithoutAnId() throws Exception {
        assertThat((ServerFrame) frames.readValue("{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"m\"}"))
                .isEqualTo(new ServerFrame.Error("bad_frame", "m", null));
    }

    @Test
    void readsFramesItNeedsNotActOnAsOther() throws Exception {
        assertThat((ServerFrame) frames.readValue("{\"type\":\"refreshed\",\"tokenExpiresAt\":\"2026-12-03T10:15Z\"}"))
                .isEqualTo(new ServerFrame.Other());
        assertThat((ServerFrame) frames.readValue("{\"type\":\"friend-request-sent\",\"requestId\":\"" + A + "\"}"))
                .isEqualTo(new ServerFrame.Other());
        assertThat((ServerFrame) frames.readValue("{\"type\":\"ready\",\"userId\":\"" + A + "\",\"later\":1}"))
                .isEqualTo(new ServerFrame.Ready());
    }
}

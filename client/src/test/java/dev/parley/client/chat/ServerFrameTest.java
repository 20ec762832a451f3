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
    void readsAGroupChangeWithItsLineOfTheRecordIgnoringFieldsOfLaterVersions() throws Exception {
        ServerFrame.GroupChanged changed = frames.readValue("{\"type\":\"group-changed\",\"groupId\":\"" + A
                + "\",\"epoch\":3,\"change\":{\"id\":\"" + B + "\",\"kind\":\"removed\",\"epoch\":3,\"actorId\":\"" + A
                + "\",\"subjectId\":\"" + B + "\",\"at\":\"2026-12-03T10:15:30Z\",\"later\":1}}");

        assertThat(changed.epoch()).isEqualTo(3);
        assertThat(changed.change().kind()).isEqualTo("removed");
        assertThat(changed.change().subjectId()).isEqualTo(B);
        assertThat(changed.change().name()).isNull();
    }

    @Test
    void readsAGroupAckAndAMembersDeliveryReceipt() throws Exception {
        ServerFrame.Ack ack = frames.readValue("{\"type\":\"ack\",\"id\":\"c1\",\"groupId\":\"" + A
                + "\",\"messageId\":\"" + B + "\",\"storedAt\":\"2026-12-03T10:15:30Z\",\"duplicate\":true}");
        ServerFrame.GroupDelivered delivered = frames.readValue("{\"type\":\"group-delivered\",\"groupId\":\"" + A
                + "\",\"userId\":\"" + B + "\",\"upTo\":\"" + A + "\",\"at\":\"2026-12-03T10:15:31Z\"}");

        assertThat(ack.groupId()).isEqualTo(A);
        assertThat(ack.conversationId()).isNull();
        assertThat(ack.duplicate()).isTrue();
        assertThat(delivered).isEqualTo(new ServerFrame.GroupDelivered(A, B, A, Instant.parse("2026-12-03T10:15:31Z")));
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

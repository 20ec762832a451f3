package dev.parley.chat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.parley.api.ErrorCode;

/** The server's frames as clients read them: the type first, then the fields in order. */
class FramesTest {

    private static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");

    private final FrameWriter frames = new FrameWriter(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    @Test
    void writesEachFrameWithItsTypeFirst() {
        assertThat(frames.write(new Frames.Ready(A, AT)))
                .isEqualTo("{\"type\":\"ready\",\"userId\":\"" + A + "\",\"tokenExpiresAt\":\"2026-12-03T10:15:30Z\"}");
        assertThat(frames.write(new Frames.Ack("m1", A, B, AT, true))).isEqualTo("{\"type\":\"ack\",\"id\":\"m1\","
                + "\"conversationId\":\"" + A + "\",\"messageId\":\"" + B + "\",\"storedAt\":\"2026-12-03T10:15:30Z\","
                + "\"duplicate\":true}");
        assertThat(frames.write(new Frames.Delivered(A, B, AT))).isEqualTo("{\"type\":\"delivered\",\"conversationId\":\""
                + A + "\",\"upTo\":\"" + B + "\",\"deliveredAt\":\"2026-12-03T10:15:30Z\"}");
        assertThat(frames.write(new Frames.Read(A, B, AT))).isEqualTo("{\"type\":\"read\",\"conversationId\":\"" + A
                + "\",\"upTo\":\"" + B + "\",\"at\":\"2026-12-03T10:15:30Z\"}");
        assertThat(frames.write(new Frames.Typing(A, B)))
                .isEqualTo("{\"type\":\"typing\",\"conversationId\":\"" + A + "\",\"from\":\"" + B + "\"}");
        assertThat(frames.write(new Frames.Presence(A, false, AT))).isEqualTo("{\"type\":\"presence\",\"userId\":\"" + A
                + "\",\"online\":false,\"lastSeen\":\"2026-12-03T10:15:30Z\"}");
        assertThat(frames.write(new Frames.FriendRemoved(A, B)))
                .isEqualTo("{\"type\":\"friend-removed\",\"userId\":\"" + A + "\",\"friendId\":\"" + B + "\"}");
        assertThat(frames.write(new Frames.Refreshed(AT)))
                .isEqualTo("{\"type\":\"refreshed\",\"tokenExpiresAt\":\"2026-12-03T10:15:30Z\"}");
    }

    @Test
    void writesAMessagesEnvelopeAsItWasStored() {
        assertThat(frames.write(new Frames.Message(A, B, A, AT, "{\"header\":{\"seq\":1},\"ciphertext\":\"x\"}")))
                .isEqualTo("{\"type\":\"message\",\"conversationId\":\"" + A + "\",\"messageId\":\"" + B
                        + "\",\"senderId\":\"" + A + "\",\"storedAt\":\"2026-12-03T10:15:30Z\","
                        + "\"envelope\":{\"header\":{\"seq\":1},\"ciphertext\":\"x\"}}");
    }

    @Test
    void namesAFriendRequestFrameByItsChange() {
        assertThat(frames.write(new Frames.FriendRequest(Frames.FriendRequest.Change.APPROVED, A, A, B)))
                .isEqualTo("{\"type\":\"friend-request-approved\",\"requestId\":\"" + A + "\",\"senderId\":\"" + A
                        + "\",\"recipientId\":\"" + B + "\"}");
    }

    @Test
    void leavesAnErrorsMissingIdOut() {
        assertThat(frames.write(new Frames.Error(ErrorCode.BAD_FRAME, "Unknown frame type.", null)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"Unknown frame type.\"}");
        assertThat(frames.write(new Frames.Error(ErrorCode.RATE_LIMITED, "Slow down.", "m1")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"Slow down.\",\"id\":\"m1\"}");
    }

    @Test
    void writesTheGroupFramesAsTheContractNamesThem() {
        String at = "\"2026-12-03T10:15:30Z\"";
        assertThat(frames.write(new Frames.GroupAck("m1", A, B, AT, false)))
                .isEqualTo("{\"type\":\"ack\",\"id\":\"m1\","
                + "\"groupId\":\"" + A + "\",\"messageId\":\"" + B + "\",\"storedAt\":" + at + ",\"duplicate\":false}");
        assertThat(frames.write(new Frames.GroupMessage(A, B, A, 3, AT, "{\"keys\":{}}")))
                .isEqualTo("{\"type\":\"group-message\",\"groupId\":\"" + A + "\",\"messageId\":\"" + B
                        + "\",\"senderId\":\"" + A + "\",\"epoch\":3,\"storedAt\":" + at
                        + ",\"envelope\":{\"keys\":{}}}");
        assertThat(frames.write(new Frames.GroupDelivered(A, B, A, AT))).isEqualTo("{\"type\":\"group-delivered\","
                + "\"groupId\":\"" + A + "\",\"userId\":\"" + B + "\",\"upTo\":\"" + A + "\",\"at\":" + at + "}");
        assertThat(frames.write(new Frames.GroupRead(A, B, A, AT))).isEqualTo("{\"type\":\"group-read\","
                + "\"groupId\":\"" + A + "\",\"userId\":\"" + B + "\",\"upTo\":\"" + A + "\",\"at\":" + at + "}");
        assertThat(frames.write(new Frames.GroupTyping(A, B)))
                .isEqualTo("{\"type\":\"typing\",\"groupId\":\"" + A + "\",\"from\":\"" + B + "\"}");
    }

    @Test
    void namesTheCurrentEpochOfAStaleGroupMessage() {
        assertThat(frames.write(new Frames.Error("stale_epoch", "Read the group again.", "m1", 5)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"stale_epoch\",\"message\":\"Read the group again.\","
                        + "\"id\":\"m1\",\"epoch\":5}");
    }
}

package dev.parley.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.contracts.events.FriendshipState;
import dev.parley.contracts.events.UserSnapshot;

class EventCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123456Z");

    @Test
    void anEventSurvivesTheWireUnchanged() {
        UserSnapshot user = new UserSnapshot(UUID.randomUUID(), "Alice1", "AAAA", NOW, NOW);
        EventEnvelope sent = EventEnvelope.of(user, NOW);

        EventEnvelope received = EventCodec.decode(EventCodec.encode(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.type()).isEqualTo("user.snapshot");
        assertThat(received.version()).isEqualTo(1);
        assertThat(received.data(UserSnapshot.class)).isEqualTo(user);
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() {
        UUID id = UUID.randomUUID();
        String json = "{\"type\":\"user.snapshot\",\"version\":1,\"id\":\"" + id + "\",\"time\":\"2026-11-28T10:15:30Z\","
                + "\"data\":{\"userId\":\"" + id + "\",\"username\":\"Bob22\",\"avatar\":\"new\"},\"trace\":\"x\"}";

        EventEnvelope received = EventCodec.decode(json);

        assertThat(received.data(UserSnapshot.class).username()).isEqualTo("Bob22");
    }

    @Test
    void readingAPayloadAsAnotherTypeFails() {
        EventEnvelope sent = EventEnvelope.of(new UserSnapshot(UUID.randomUUID(), "Alice1", "AAAA", NOW, NOW), NOW);

        assertThatThrownBy(() -> sent.data(FriendshipState.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user.snapshot");
    }

    @Test
    void somethingThatIsNotAnEventIsRejectedClearly() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"x\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("not json"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void aPairKeyIsTheSameFromEitherSide() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        assertThat(Keys.pair(a, b)).isEqualTo(Keys.pair(b, a));
    }
}

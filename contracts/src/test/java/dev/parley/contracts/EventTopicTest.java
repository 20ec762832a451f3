package dev.parley.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.contracts.events.ConnectionEvent;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.FriendRemoved;
import dev.parley.contracts.events.FriendRequestSent;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.contracts.events.UserSnapshot;

class EventTopicTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");

    @Test
    void anEventIsReadAsTheTopicsTypedPayloadWithItsEnvelopesIdAndTime() {
        UserSnapshot user = new UserSnapshot(UUID.randomUUID(), "Alice1", "AAAA", NOW, NOW);
        EventEnvelope sent = EventEnvelope.of(user, NOW);

        Event<UserSnapshot> read = EventTopic.USERS.decode(EventCodec.encode(sent)).orElseThrow();

        assertThat(read).isEqualTo(new Event<>(sent.id(), NOW, user));
    }

    @Test
    void eachTypeOfATopicWithSeveralIsReadAsItself() {
        FriendRequestSent request = new FriendRequestSent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), NOW);
        FriendRemoved removed = new FriendRemoved(UUID.randomUUID(), UUID.randomUUID(), false, NOW);

        assertThat(EventTopic.FRIEND_EVENTS.decode(encoded(request)).orElseThrow().payload()).isEqualTo(request);
        assertThat(EventTopic.FRIEND_EVENTS.decode(encoded(removed)).orElseThrow().payload()).isEqualTo(removed);
    }

    @Test
    void aVisitorIsToldWhichTypeItMet() {
        ConnectionEvent.Visitor<String> names = new ConnectionEvent.Visitor<>() {
            @Override
            public String opened(ConnectionOpened opened) {
                return "opened";
            }

            @Override
            public String closed(ConnectionClosed closed) {
                return "closed";
            }

            @Override
            public String heartbeat(InstanceHeartbeat heartbeat) {
                return "heartbeat";
            }
        };
        String read = EventTopic.CONNECTIONS.decode(encoded(new InstanceHeartbeat("chat-1", 3, NOW))).orElseThrow()
                .payload().accept(names);

        assertThat(read).isEqualTo("heartbeat");
    }

    @Test
    void anEventOfATypeTheTopicDoesNotCarryIsLeftOut() {
        String heartbeat = encoded(new InstanceHeartbeat("chat-1", 3, NOW));

        assertThat(EventTopic.USERS.decode(heartbeat)).isEmpty();
    }

    @Test
    void aNewerVersionOfAKnownTypeIsLeftOut() {
        String json = "{\"type\":\"user.snapshot\",\"version\":2,\"id\":\"" + UUID.randomUUID()
                + "\",\"time\":\"2026-11-28T10:15:30Z\",\"data\":{\"handle\":\"x\"}}";

        assertThat(EventTopic.USERS.decode(json)).isEmpty();
    }

    @Test
    void aValueThatIsNotAnEventOrWhosePayloadDoesNotFitItsTypeIsMalformed() {
        String wrongShape = "{\"type\":\"user.snapshot\",\"version\":1,\"id\":\"" + UUID.randomUUID()
                + "\",\"time\":\"2026-11-28T10:15:30Z\",\"data\":{\"userId\":\"not-a-uuid\"}}";

        assertThatThrownBy(() -> EventTopic.USERS.decode("not an event"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventTopic.USERS.decode(wrongShape))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void keysAreReadBackOrRefusedAsMalformed() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        assertThat(Keys.userId(a.toString())).isEqualTo(a);
        Keys.Pair pair = Keys.unpair(Keys.pair(a, b));
        assertThat(Set.of(pair.first(), pair.second())).containsExactlyInAnyOrder(a, b);
        assertThatThrownBy(() -> Keys.userId("not-a-user-id")).isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> Keys.userId(null)).isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> Keys.unpair(a.toString())).isInstanceOf(EventCodec.MalformedEventException.class);
    }

    private static String encoded(EventPayload payload) {
        return EventCodec.encode(EventEnvelope.of(payload, NOW));
    }
}

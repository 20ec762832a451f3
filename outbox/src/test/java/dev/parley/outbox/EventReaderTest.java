package dev.parley.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionEvent;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.contracts.events.UserSnapshot;

/** The reading of a batch of records: no Quarkus, no broker. */
class EventReaderTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    /** The instances whose heartbeats a batch holds; a heartbeat without an instance is malformed. */
    private static final ConnectionEvent.Visitor<String> HEARTBEATS = new ConnectionEvent.Visitor<>() {
        @Override
        public String opened(ConnectionOpened opened) {
            return null;
        }

        @Override
        public String closed(ConnectionClosed closed) {
            return null;
        }

        @Override
        public String heartbeat(InstanceHeartbeat heartbeat) {
            Event.requireFilled(heartbeat.instanceId());
            return heartbeat.instanceId();
        }
    };

    @Test
    void aBatchIsReadInOrderLeavingOutWhatIsOfNoInterestOrUnreadable() {
        UUID user = UUID.randomUUID();
        List<ConsumerRecord<String, String>> batch = List.of(
                record(0, encoded(new InstanceHeartbeat("chat-1", 2, NOW))),
                record(1, encoded(new ConnectionOpened(user, "d", "chat-1", "c1", NOW))),
                record(2, "not an event"),
                record(3, null),
                record(4, encoded(new UserSnapshot(user, "Alice1", "AAAA", NOW, NOW))),
                record(5, encoded(new InstanceHeartbeat(null, 2, NOW))),
                record(6, encoded(new InstanceHeartbeat("chat-2", 0, NOW))));

        List<String> instances = EventReader.of(EventTopic.CONNECTIONS)
                .readAll(batch, event -> event.payload().accept(HEARTBEATS));

        assertThat(instances).containsExactly("chat-1", "chat-2");
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>(EventTopic.CONNECTIONS.name(), 0, offset, "key", value);
    }

    private static String encoded(EventPayload payload) {
        return EventCodec.encode(EventEnvelope.of(payload, NOW));
    }
}

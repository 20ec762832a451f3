package dev.parley.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.Event;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.EventPayload;
import dev.parley.contracts.EventTopic;
import dev.parley.contracts.Keys;
import dev.parley.contracts.events.InstanceHeartbeat;
import dev.parley.contracts.events.UserSnapshot;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/** The consuming of one record: no Quarkus, no broker, no database. */
class EventConsumerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Event<UserSnapshot>> handled = new CopyOnWriteArrayList<>();
    private final List<UUID> removed = new CopyOnWriteArrayList<>();
    private long offset;

    private final EventConsumer<UserSnapshot> users = EventConsumer.of(EventTopic.USERS, this::record)
            .onTombstone(key -> {
                removed.add(Keys.userId(key));
                return Uni.createFrom().voidItem();
            });

    @Test
    void anEventReachesTheHandlerAsItsTypedPayload() {
        UserSnapshot alice = snapshot("Alice1");
        EventEnvelope envelope = EventEnvelope.of(alice, NOW);

        consume(users, alice.userId().toString(), EventCodec.encode(envelope));

        assertThat(handled).containsExactly(new Event<>(envelope.id(), NOW, alice));
    }

    @Test
    void aTombstoneReachesTheTombstoneHandlerWithItsKey() {
        UUID userId = UUID.randomUUID();

        consume(users, userId.toString(), null);

        assertThat(removed).containsExactly(userId);
        assertThat(handled).isEmpty();
    }

    @Test
    void aTombstoneIsSkippedWhenTheConsumerHandlesNone() {
        EventConsumer<UserSnapshot> withoutTombstones = EventConsumer.of(EventTopic.USERS, this::record);

        consume(withoutTombstones, UUID.randomUUID().toString(), null);

        assertThat(handled).isEmpty();
    }

    @Test
    void anEventOfATypeTheTopicDoesNotCarryIsSkipped() {
        consume(users, "chat-1", encoded(new InstanceHeartbeat("chat-1", 1, NOW)));

        assertThat(handled).isEmpty();
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneHandled() {
        UserSnapshot bob = snapshot("Bob22");

        consume(users, "key", "not an event");
        consume(users, "not-a-user-id", null);
        consume(users, bob.userId().toString(), encoded(bob));

        assertThat(handled).extracting(Event::payload).containsExactly(bob);
        assertThat(removed).isEmpty();
    }

    @Test
    void anEventTheHandlerRefusesAsMalformedIsSkippedNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        EventConsumer<UserSnapshot> strict = EventConsumer.of(EventTopic.USERS, event -> {
            attempts.incrementAndGet();
            Event.requireFilled(event.payload().username());
            return Uni.createFrom().voidItem();
        });

        consume(strict, "key", encoded(new UserSnapshot(UUID.randomUUID(), null, null, NOW, NOW)));

        assertThat(attempts).hasValue(1);
    }

    @Test
    void aFailingHandlingIsTriedAgainUntilItIsApplied() {
        AtomicInteger attempts = new AtomicInteger();
        EventConsumer<UserSnapshot> flaky = EventConsumer.of(EventTopic.USERS, event -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("database down"))
                : record(event));
        UserSnapshot carol = snapshot("Carol3");

        consume(flaky, carol.userId().toString(), encoded(carol));

        assertThat(attempts).hasValue(3);
        assertThat(handled).extracting(Event::payload).containsExactly(carol);
    }

    @Test
    void onceTheApplicationIsStoppingAFailingHandlingIsLeftUnfinishedInsteadOfRetried() {
        AtomicInteger attempts = new AtomicInteger();
        EventConsumer<UserSnapshot> failing = EventConsumer.of(EventTopic.USERS, event -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("pool closed"));
        });
        Stopping stopping = new Stopping();
        stopping.stopping(null);
        try {
            Uni<Void> consumed = failing.consume(record("key", encoded(snapshot("Frank6"))));

            // Never ending leaves the record unacknowledged, so the next owner of its partition reads it again.
            assertThatThrownBy(() -> consumed.await().atMost(Duration.ofMillis(500)))
                    .isInstanceOf(TimeoutException.class);
            assertThat(attempts).hasValue(1);
        } finally {
            stopping.started(null);
        }
    }

    @Test
    void aConsumerThatIsNotRetriedPassesTheFailureOn() {
        AtomicInteger attempts = new AtomicInteger();
        EventConsumer<UserSnapshot> once = EventConsumer.of(EventTopic.USERS, event -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }).notRetried();

        String outcome = once.consume(record("key", encoded(snapshot("Dave44"))))
                .onItem().transform(ignored -> "applied")
                .onFailure().recoverWithItem("failed")
                .await().atMost(WAIT);

        assertThat(outcome).isEqualTo("failed");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anEventDeliveredTwiceIsHandledOnceWhenTheConsumerDeduplicates() {
        EventConsumer<UserSnapshot> deduplicated = users.once(new RememberedEvents(), "test.users");
        UserSnapshot erin = snapshot("Erin55");
        String value = encoded(erin);

        consume(deduplicated, erin.userId().toString(), value);
        consume(deduplicated, erin.userId().toString(), value);
        consume(deduplicated, erin.userId().toString(), encoded(erin));

        assertThat(handled).extracting(Event::payload).containsExactly(erin, erin);
    }

    private Uni<Void> record(Event<UserSnapshot> event) {
        handled.add(event);
        return Uni.createFrom().voidItem();
    }

    private void consume(EventConsumer<UserSnapshot> consumer, String key, String value) {
        consumer.consume(record(key, value)).await().atMost(WAIT);
    }

    private ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>(EventTopic.USERS.name(), 0, offset++, key, value);
    }

    private static UserSnapshot snapshot(String username) {
        return new UserSnapshot(UUID.randomUUID(), username, "AAAA", NOW, NOW);
    }

    private static String encoded(EventPayload payload) {
        return EventCodec.encode(EventEnvelope.of(payload, NOW));
    }

    /** {@link ProcessedEvents} without a database: the ids it was given, in memory. */
    private static final class RememberedEvents extends ProcessedEvents {

        private final Set<String> seen = new HashSet<>();

        @Override
        public Uni<Boolean> once(String consumer, UUID eventId, Supplier<Uni<Void>> handler) {
            if (!seen.add(consumer + "/" + eventId)) {
                return Uni.createFrom().item(false);
            }
            return handler.get().replaceWith(true);
        }
    }
}

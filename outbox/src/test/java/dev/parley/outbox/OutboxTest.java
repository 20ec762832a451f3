package dev.parley.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = "database", value = "outbox"))
class OutboxTest {

    private static final String TOPIC = "outbox-test";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    NotedConsumer consumer;

    @Inject
    OutboxBacklog backlog;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void relayRunsAgain() {
        relay.resume();
    }

    @Test
    void anEventCommittedBeforeARelayCrashIsPublishedAfterRestartAndAppliedOnce() {
        relay.pause();
        String key = "key-" + UUID.randomUUID();
        EventEnvelope event = inTransaction(() -> outbox.publish(TOPIC, key, new Noted("written before the crash")));

        // The relay is down: the event waits in the outbox, nothing reaches Kafka.
        assertThat(recordsOf(event.id(), Duration.ofSeconds(1), 1)).isEmpty();
        assertThat(unsentCount(event.id())).isEqualTo(1);

        SimpleMeterRegistry measured = new SimpleMeterRegistry();
        ((CompositeMeterRegistry) ClientProxy.unwrap(metrics)).add(measured);
        relay.resume();

        await().atMost(Duration.ofSeconds(15)).until(() -> received(event.id()) != null);
        assertThat(received(event.id()).note).isEqualTo("written before the crash");
        // The relay was down for a second at least: the outbox lag it reports says so.
        assertThat(measured.get(OutboxRelay.DELAY_METER).timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);
        ((CompositeMeterRegistry) ClientProxy.unwrap(metrics)).remove(measured);
        assertThat(unsentCount(event.id())).isZero();
        assertThat(recordsOf(event.id(), Duration.ofSeconds(5), 1)).hasSize(1);
    }

    @Test
    void eventsWaitingForTheRelayShowInTheBacklogGaugesUntilTheyAreSent() throws Exception {
        SimpleMeterRegistry measured = new SimpleMeterRegistry();
        ((CompositeMeterRegistry) ClientProxy.unwrap(metrics)).add(measured);
        try {
            relay.pause();
            inTransaction(() -> outbox.publish(TOPIC, "key-" + UUID.randomUUID(), new Noted("waits")));
            inTransaction(() -> outbox.publish(TOPIC, "key-" + UUID.randomUUID(), new Noted("waits too")));
            // The gauges refresh by themselves (every 0.2 s here, 15 s by default).
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> measured.get(OutboxBacklog.PENDING_METER).gauge().value() == 2);
            Thread.sleep(1000);
            double age = measured.get(OutboxBacklog.OLDEST_AGE_METER).gauge().value();
            assertThat(age).isBetween(1.0, 60.0);
            // A refresh taken now gives the same numbers, and the age keeps growing while the rows wait.
            refreshBacklog();
            assertThat(measured.get(OutboxBacklog.PENDING_METER).gauge().value()).isEqualTo(2);
            Thread.sleep(300);
            assertThat(measured.get(OutboxBacklog.OLDEST_AGE_METER).gauge().value()).isGreaterThan(age);

            relay.resume();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> measured.get(OutboxBacklog.PENDING_METER).gauge().value() == 0);
            assertThat(measured.get(OutboxBacklog.OLDEST_AGE_METER).gauge().value()).isZero();
            assertThat(measured.get(OutboxRelay.ROUND_METER).timer().count()).isPositive();
        } finally {
            ((CompositeMeterRegistry) ClientProxy.unwrap(metrics)).remove(measured);
        }
    }

    @Test
    void anEventSentButNotMarkedIsSentAgainAndTheConsumerAppliesItOnce() {
        String key = "key-" + UUID.randomUUID();
        EventEnvelope event = inTransaction(() -> outbox.publish(TOPIC, key, new Noted("sent twice")));
        await().atMost(Duration.ofSeconds(15)).until(() -> received(event.id()) != null);

        // The relay crashed after Kafka acknowledged the record but before its "sent" mark committed.
        inTransaction(() -> OutboxEvent.update("sentAt = null where eventId = ?1", event.id()));

        await().atMost(Duration.ofSeconds(15)).until(() -> consumer.deliveriesOf(event.id()) == 2);
        assertThat(recordsOf(event.id(), Duration.ofSeconds(5), 2)).hasSize(2);
        assertThat(receivedCount(event.id())).isEqualTo(1);
    }

    @Test
    void aRelayKilledBetweenPublishingPartOfABatchAndMarkingItLosesNothingAndTheConsumerAppliesEachEventOnceInOrder()
            throws Throwable {
        relay.pause();
        String key = "key-" + UUID.randomUUID();
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String note = "batch note " + i;
            written.add(inTransaction(() -> outbox.publish(TOPIC, key, new Noted(note))).id());
        }

        // One batch of the 20: 8 records go out, then the process dies before the batch is marked sent.
        OutboxRelay bean = ClientProxy.unwrap(relay);
        Emitter<Record<String, String>> kafka = bean.emitter;
        CrashingEmitter crashing = new CrashingEmitter(kafka, 8);
        bean.emitter = crashing;
        try {
            assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(relay::relayBatch))
                    .hasRootCauseInstanceOf(CrashingEmitter.Crash.class);
        } finally {
            bean.emitter = kafka;
        }
        List<UUID> publishedBeforeTheCrash = crashing.published.stream().filter(written::contains).toList();
        assertThat(publishedBeforeTheCrash).as("the part of the batch published").containsExactlyElementsOf(
                written.subList(0, 8));
        assertThat(recordsOfKey(key, Duration.ofSeconds(15), 8)).as("records on Kafka").hasSize(8);
        assertThat(inTransaction(() -> OutboxEvent.count("recordKey = ?1 and sentAt is null", key)))
                .as("nothing marked sent").isEqualTo(20);

        relay.resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> written.stream().allMatch(id -> received(id) != null));
        // Kafka holds the 8 published twice; the consumer saw them twice and applied them once, in the order written.
        assertThat(recordsOfKey(key, Duration.ofSeconds(10), 28)).hasSize(28);
        await().atMost(Duration.ofSeconds(10)).until(() -> publishedBeforeTheCrash.stream()
                .allMatch(id -> consumer.deliveriesOf(id) == 2));
        assertThat(written).allMatch(id -> receivedCount(id) == 1);
        assertThat(written.subList(8, 20)).allMatch(id -> consumer.deliveriesOf(id) == 1);
        assertThat(consumer.applied().stream().filter(written::contains).toList()).containsExactlyElementsOf(written);
        assertThat(inTransaction(() -> OutboxEvent.count("recordKey = ?1 and sentAt is null", key))).isZero();
    }

    @Test
    void aRolledBackChangePublishesNothing() {
        String key = "key-" + UUID.randomUUID();
        UUID[] eventId = new UUID[1];
        try {
            inTransaction(() -> outbox.publish(TOPIC, key, new Noted("rolled back"))
                    .invoke(e -> eventId[0] = e.id())
                    .flatMap(e -> Uni.createFrom().failure(new IllegalStateException("the state change failed"))));
        } catch (RuntimeException expected) {
            assertThat(expected).hasMessageContaining("the state change failed");
        }

        assertThat(eventId[0]).isNotNull();
        assertThat(inTransaction(() -> OutboxEvent.count("eventId", eventId[0]))).isZero();
        assertThat(recordsOf(eventId[0], Duration.ofSeconds(1), 1)).isEmpty();
    }

    @Test
    void eventsOfOneKeyArePublishedInTheOrderTheyWereWritten() {
        String key = "key-" + UUID.randomUUID();
        List<String> notes = IntStream.range(0, 40).mapToObj(i -> "note " + i).toList();
        for (String note : notes) {
            inTransaction(() -> outbox.publish(TOPIC, key, new Noted(note)));
        }

        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrapServers, TOPIC,
                read -> read.stream().filter(r -> key.equals(r.key())).count() == notes.size(), Duration.ofSeconds(20));

        List<String> published = records.stream().filter(r -> key.equals(r.key()))
                .map(r -> EventCodec.decode(r.value()).data(Noted.class).note()).toList();
        assertThat(published).containsExactlyElementsOf(notes);
    }

    @Test
    void aTombstoneIsPublishedAsANullValue() {
        String key = "key-" + UUID.randomUUID();
        inTransaction(() -> outbox.tombstone(TOPIC, key));

        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrapServers, TOPIC,
                read -> read.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));

        assertThat(records).filteredOn(r -> key.equals(r.key())).singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
    }

    private List<ConsumerRecord<String, String>> recordsOf(UUID eventId, Duration within, int expected) {
        return KafkaTopics.readUntil(bootstrapServers, TOPIC, read -> matching(read, eventId).size() >= expected, within)
                .stream().filter(r -> r.value() != null && r.value().contains(eventId.toString())).toList();
    }

    private List<ConsumerRecord<String, String>> recordsOfKey(String key, Duration within, int expected) {
        return KafkaTopics.readUntil(bootstrapServers, TOPIC,
                read -> read.stream().filter(r -> key.equals(r.key())).count() >= expected, within)
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    private static List<ConsumerRecord<String, String>> matching(List<ConsumerRecord<String, String>> records, UUID id) {
        return records.stream().filter(r -> r.value() != null && r.value().contains(id.toString())).toList();
    }

    private ReceivedEvent received(UUID eventId) {
        return inTransaction(() -> ReceivedEvent.findById(eventId));
    }

    private long receivedCount(UUID eventId) {
        return inTransaction(() -> ReceivedEvent.count("eventId", eventId));
    }

    private long unsentCount(UUID eventId) {
        return inTransaction(() -> OutboxEvent.count("eventId = ?1 and sentAt is null", eventId));
    }

    private void refreshBacklog() {
        try {
            VertxContextSupport.subscribeAndAwait(backlog::refresh);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (Throwable e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }
}

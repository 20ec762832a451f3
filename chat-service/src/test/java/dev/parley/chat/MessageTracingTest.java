package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.Chats.Sealer;
import dev.parley.chat.People.Person;
import dev.parley.chat.delivery.DeliverySlot;
import dev.parley.contracts.DeliveryRecords;
import dev.parley.contracts.Topics;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestInfrastructure;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One message's spans share the trace its sender's socket was opened in: the send frame, its store, the frame out
 * to a recipient on this instance, the record published for a recipient on another instance, and that record's
 * delivery where it is consumed. The other instance is played by a socket route to another partition; its record
 * is then put on this instance's partition, as the other instance would have read it.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class MessageTracingTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DeliverySlot slot;

    @Test
    void aSendsSpansFromItsSocketsUpgradeToEveryDeliveryShareOneTrace() throws SQLException {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer fromAlice = new Sealer(alice, bob, id);
        int elsewhere = slot.slot() == 0 ? 1 : 0;

        try (RawSocket alicesSocket = RawSocket.open(chatSocket, RawSocket.builder()
                        .header("Authorization", "Bearer " + alice.token()).header("traceparent", TRACEPARENT),
                        fromAlice.device.toBase64Url());
                RawSocket bobsSocket = RawSocket.open(chatSocket, bob.token(), new Sealer(bob, alice, id).device.toBase64Url());
                Connection db = database()) {
            alicesSocket.next("ready");
            bobsSocket.next("ready");
            addRoute(db, bob.id(), elsewhere);
            try {
                alicesSocket.send(Chats.sendFrame("traced", fromAlice.seal("follow me")));
                String messageId = alicesSocket.next("ack").path("messageId").asText();
                assertThat(bobsSocket.next(isMessage(messageId))).isNotNull();

                ConsumerRecord<String, String> published = publishedRecord(messageId, elsewhere);
                assertThat(header(published, "traceparent")).contains(TRACE_ID);
                putOnThisInstancesPartition(published);
                assertThat(bobsSocket.next(isMessage(messageId))).isNotNull();

                await().atMost(WITHIN).untilAsserted(() -> assertThat(spansOf(TRACE_ID)).extracting(SpanData::getName)
                        .contains("chat send", "chat store", "chat-messages publish", "chat deliver"));
                List<SpanData> trace = spansOf(TRACE_ID);
                SpanData send = named(trace, "chat send");
                assertThat(send.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
                assertThat(named(trace, "chat store").getParentSpanId()).isEqualTo(send.getSpanId());
                SpanData publish = named(trace, "chat-messages publish");
                assertThat(publish.getParentSpanId()).isEqualTo(send.getSpanId());
                assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
                await().atMost(WITHIN).untilAsserted(() -> assertThat(spansOf(TRACE_ID))
                        .filteredOn(span -> span.getName().equals("chat deliver"))
                        .extracting(SpanData::getKind, SpanData::getParentSpanId)
                        .containsExactlyInAnyOrder(
                                tuple(SpanKind.INTERNAL, send.getSpanId()),
                                tuple(SpanKind.CONSUMER, publish.getSpanId())));
            } finally {
                removeRoute(db, bob.id());
            }
        }
    }

    private List<SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData named(List<SpanData> trace, String name) {
        return trace.stream().filter(span -> span.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Predicate<JsonNode> isMessage(String messageId) {
        return frame -> "message".equals(frame.path("type").asText()) && messageId.equals(frame.path("messageId").asText());
    }

    private ConsumerRecord<String, String> publishedRecord(String messageId, int partition) {
        List<ConsumerRecord<String, String>> read = KafkaTopics.readUntil(bootstrapServers, Topics.CHAT_MESSAGES,
                records -> find(records, messageId, partition).isPresent(), WITHIN);
        return find(read, messageId, partition).orElseThrow();
    }

    private static Optional<ConsumerRecord<String, String>> find(List<ConsumerRecord<String, String>> records,
            String messageId, int partition) {
        return records.stream().filter(record -> record.partition() == partition
                && messageId.equals(header(record, DeliveryRecords.MESSAGE_ID_HEADER))).findFirst();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void putOnThisInstancesPartition(ConsumerRecord<String, String> record) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, slot.slot(), (String) null, record.value(),
                    record.headers())).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addRoute(Connection db, UUID userId, int slot) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "insert into socket_route (connection_id, user_id, slot, instance_id) values (?, ?, ?, 'elsewhere')")) {
            insert.setString(1, "traced-" + userId);
            insert.setObject(2, userId);
            insert.setInt(3, slot);
            insert.executeUpdate();
        }
    }

    private static void removeRoute(Connection db, UUID userId) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("delete from socket_route where connection_id = ?")) {
            delete.setString(1, "traced-" + userId);
            delete.executeUpdate();
        }
    }

    private static Connection database() throws SQLException {
        TestInfrastructure.Database db = TestInfrastructure.shared().database("chat");
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}

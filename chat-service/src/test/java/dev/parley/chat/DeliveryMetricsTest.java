package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.chat.Chats.Sealer;
import dev.parley.chat.People.Person;
import dev.parley.chat.delivery.DeliverySlot;
import dev.parley.contracts.DeliveryRecords;
import dev.parley.contracts.Topics;
import dev.parley.testing.ParleyTestResource;
import dev.parley.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The meters operators read on the management port move as messages are stored and delivered. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "chat"))
class DeliveryMetricsTest {

    @TestHTTPResource("/ws/chat")
    URI chatSocket;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    DeliverySlot slot;

    @Test
    void aMessageStoredAndDeliveredToALocalSocketRecordsOneLocalLatencySample() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = Chats.openConversation(alice, bob);
        Sealer sealer = new Sealer(alice, bob, id);
        double localBefore = value(scrape(), "parley_chat_delivery_latency_seconds_count{path=\"local\"}");
        double storedBefore = value(scrape(), "parley_chat_messages_stored_total");

        try (RawSocket bobs = RawSocket.open(chatSocket, bob.token(), sealer.device.toBase64Url());
                RawSocket alices = RawSocket.open(chatSocket, alice.token(), sealer.device.toBase64Url())) {
            bobs.next("ready");
            alices.next("ready");
            alices.send(Chats.sendFrame("one", sealer.seal("measured")));
            alices.next("ack");
            bobs.next("message");
        }

        String metrics = scrape();
        assertThat(value(metrics, "parley_chat_delivery_latency_seconds_count{path=\"local\"}")).isEqualTo(localBefore + 1);
        assertThat(value(metrics, "parley_chat_messages_stored_total")).isEqualTo(storedBefore + 1);
        // Stored and delivered by one process: well under the largest bucket.
        assertThat(value(metrics, "parley_chat_delivery_latency_seconds_max{path=\"local\"}")).isBetween(0.0, 5.0);
        assertThat(value(metrics, "parley_chat_delivery_latency_seconds_bucket{path=\"local\",le=\"60.0\"}"))
                .isEqualTo(value(metrics, "parley_chat_delivery_latency_seconds_count{path=\"local\"}"));
        assertThat(metrics).contains("parley_chat_delivery_latency_seconds_bucket{path=\"local\",le=\"0.005\"}",
                "parley_chat_delivery_latency_seconds_bucket{path=\"local\",le=\"0.25\"}");
    }

    @Test
    void aFrameFromAnotherInstanceRecordsAKafkaLatencySampleFromTheStoredTimeItCarries() throws Exception {
        Person bob = People.newPerson("bob");
        People.befriend(bob, People.newPerson("carol"));
        double kafkaBefore = value(scrape(), "parley_chat_delivery_latency_seconds_count{path=\"kafka\"}");
        double sumBefore = value(scrape(), "parley_chat_delivery_latency_seconds_sum{path=\"kafka\"}");

        try (RawSocket bobs = RawSocket.open(chatSocket, bob.token(), new Sealer(bob, bob, UUID.randomUUID()).device
                .toBase64Url());
                KafkaProducer<String, String> otherInstance = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
            bobs.next("ready");
            // What another instance publishes for a message it stored 3 s ago (a slow path, say).
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeliveryRecords.RECIPIENT_HEADER, bob.id().toString().getBytes(StandardCharsets.UTF_8));
            headers.add(DeliveryRecords.STORED_AT_HEADER,
                    Instant.now().minusSeconds(3).toString().getBytes(StandardCharsets.US_ASCII));
            otherInstance.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, slot.slot(), (String) null,
                    "{\"type\":\"probe\"}", headers)).get();
            JsonNode frame = bobs.next("probe");
            assertThat(frame.path("type").asText()).isEqualTo("probe");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> value(scrape(),
                "parley_chat_delivery_latency_seconds_count{path=\"kafka\"}") == kafkaBefore + 1);
        double sum = value(scrape(), "parley_chat_delivery_latency_seconds_sum{path=\"kafka\"}");
        assertThat(sum - sumBefore).isBetween(3.0, 13.0);
    }

    @Test
    void theOutboxBacklogRelayRoundsAndConsumerLagPerChannelAreExposed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> scrape().contains("parley_outbox_relay_round_seconds_count"));
        String metrics = scrape();

        assertThat(metrics).containsPattern("(?m)^parley_outbox_pending_rows \\d")
                .containsPattern("(?m)^parley_outbox_oldest_pending_age_seconds \\d");
        assertThat(value(metrics, "parley_outbox_relay_round_seconds_count")).isPositive();
        // Kafka's own consumer meters, one series per channel's client id (the README says which is which).
        assertThat(metrics).containsPattern(
                "kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"chat-messages-[^\"]+\"")
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"kafka-consumer-users\"");
    }

    private String scrape() {
        return given().baseUri(management.getProtocol() + "://" + management.getHost() + ":" + management.getPort())
                .get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series written exactly so (name and labels); 0 when it is not there yet. */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}

package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.chat.Chats.Inbox;
import dev.parley.chat.People.Person;
import dev.parley.client.api.ChatApi;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.Conversation;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.TestInfrastructure;
import dev.parley.testing.TestTokens;

/**
 * Two chat-service instances, each its own process from the packaged application, on one PostgreSQL database and
 * one Kafka broker: a message stored by one instance reaches a socket held by the other through chat-messages.
 */
class TwoInstancesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final List<Process> INSTANCES = new ArrayList<>();
    private static URI first;
    private static URI second;

    @BeforeAll
    static void startTwoInstances() throws IOException {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        TestInfrastructure.Database database = infrastructure.database("chat");
        // Started together: Flyway's lock lets one migrate while the other waits.
        first = start("chat-it-1", database, infrastructure.kafkaBootstrapServers());
        second = start("chat-it-2", database, infrastructure.kafkaBootstrapServers());
        awaitReady(first);
        awaitReady(second);
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        for (Process instance : INSTANCES) {
            instance.destroy();
        }
        for (Process instance : INSTANCES) {
            if (!instance.waitFor(20, TimeUnit.SECONDS)) {
                instance.destroyForcibly();
            }
        }
    }

    @Test
    void friendsOnDifferentInstancesTalkInRealTimeBothWays() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        People.befriend(alice, bob);
        UUID id = openConversation(new ChatApi(HTTP, first, alice::token), bob);
        Inbox alicesInbox = new Inbox();
        Inbox bobsInbox = new Inbox();

        try (ChatClient alicesClient = client(first, alice, alicesInbox);
                ChatClient bobsClient = client(second, bob, bobsInbox)) {
            Conversation alicesSide = alicesClient.join(alicesClient.api().conversation(id));
            Conversation bobsSide = bobsClient.join(bobsClient.api().conversation(id));
            alicesClient.connect().join();
            bobsClient.connect().join();

            for (int round = 1; round <= 3; round++) {
                alicesSide.send("ping " + round).join();
                int expected = round;
                await().atMost(WITHIN).until(() -> bobsInbox.messages.size() == expected);
                bobsSide.send("pong " + round).join();
                await().atMost(WITHIN).until(() -> alicesInbox.messages.size() == expected);
            }

            assertThat(bobsInbox.texts()).containsExactly("ping 1", "ping 2", "ping 3");
            assertThat(alicesInbox.texts()).containsExactly("pong 1", "pong 2", "pong 3");
            assertThat(bobsInbox.messages).allMatch(message -> message.live() && message.verification().isIntact());
            assertThat(alicesInbox.messages).allMatch(message -> message.live() && message.verification().isIntact());
            await().atMost(WITHIN).until(() -> !alicesInbox.receipts.isEmpty() && !bobsInbox.receipts.isEmpty());
        }

        List<ConsumerRecord<String, String>> connections = KafkaTopics.readUntil(
                TestInfrastructure.shared().kafkaBootstrapServers(), Topics.CONNECTIONS,
                read -> instancesConnected(read, alice, bob).size() == 2, WITHIN);
        assertThat(instancesConnected(connections, alice, bob)).hasSize(2)
                .anyMatch(instance -> instance.startsWith("chat-it-1-")).anyMatch(instance -> instance.startsWith("chat-it-2-"));
    }

    /** The instances that announced a socket of Alice or Bob. */
    private static List<String> instancesConnected(List<ConsumerRecord<String, String>> records, Person alice,
            Person bob) {
        return records.stream().filter(record -> record.value() != null)
                .map(record -> EventCodec.decode(record.value()))
                .filter(event -> event.is(ConnectionOpened.class))
                .map(event -> event.data(ConnectionOpened.class))
                .filter(opened -> opened.userId().equals(alice.id()) || opened.userId().equals(bob.id()))
                .map(ConnectionOpened::instanceId).distinct().toList();
    }

    private static UUID openConversation(ChatApi api, Person friend) {
        UUID[] id = new UUID[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            id[0] = api.openConversation(friend.id()).id();
            return true;
        });
        return id[0];
    }

    private static ChatClient client(URI server, Person person, Inbox inbox) {
        return ChatClient.builder().server(server).httpClient(HTTP).user(person.id(), person.identity())
                .deviceId(DeviceId.random()).accessToken(person::token).listener(inbox).build();
    }

    /** Starts the packaged application as a process; returns its address. */
    private static URI start(String instanceId, TestInfrastructure.Database database, String kafka) throws IOException {
        int port = freePort();
        Path logs = Path.of("target", "it-logs");
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("chat.app", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(instanceId + ".log").toFile());
        builder.environment().putAll(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.jwksLocation(),
                "PARLEY_CHAT_INSTANCE_ID", instanceId));
        INSTANCES.add(builder.start());
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static void awaitReady(URI instance) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(instance.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

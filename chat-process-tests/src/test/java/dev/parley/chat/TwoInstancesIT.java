package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.chat.Chats.Inbox;
import dev.parley.chat.People.Person;
import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.Conversation;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.DeliveryRecords;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionClosed;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.TestInfrastructure;

/**
 * Two chat-service instances, each its own process from the packaged application, on one PostgreSQL database and
 * one Kafka broker: a message stored by one instance reaches a socket held by the other through chat-messages.
 */
class TwoInstancesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static PackagedService firstInstance;
    private static PackagedService secondInstance;
    private static URI first;
    private static URI second;

    @BeforeAll
    static void startTwoInstances() throws InterruptedException {
        // Started together: Flyway's lock lets one migrate while the other waits.
        firstInstance = start("chat-it-1");
        secondInstance = start("chat-it-2");
        first = firstInstance.awaitReady().uri();
        second = secondInstance.awaitReady().uri();
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        PackagedService.stopAll(firstInstance, secondInstance);
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
            Conversation alicesSide = alicesClient.join(known(alicesClient, id));
            Conversation bobsSide = bobsClient.join(known(bobsClient, id));
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

    @Test
    void eachMessageGoesOnlyToThePartitionOfTheInstanceHoldingItsRecipient() {
        Person carol = People.newPerson("carol");
        Person dave = People.newPerson("dave");
        People.befriend(carol, dave);
        UUID id = openConversation(new ChatApi(HTTP, first, carol::token), dave);
        Inbox carolsInbox = new Inbox();
        Inbox davesInbox = new Inbox();
        List<UUID> toDave = new ArrayList<>();
        List<UUID> toCarol = new ArrayList<>();
        try (ChatClient carolsClient = client(first, carol, carolsInbox);
                ChatClient davesClient = client(second, dave, davesInbox)) {
            Conversation carolsSide = carolsClient.join(known(carolsClient, id));
            Conversation davesSide = davesClient.join(known(davesClient, id));
            carolsClient.connect().join();
            davesClient.connect().join();
            for (int i = 0; i < 5; i++) {
                toDave.add(carolsSide.send("to dave " + i).join().messageId());
                toCarol.add(davesSide.send("to carol " + i).join().messageId());
            }
            await().atMost(WITHIN).until(() -> davesInbox.messages.size() == 5 && carolsInbox.messages.size() == 5);
        }

        Map<UUID, List<Integer>> partitions = new HashMap<>();
        KafkaTopics.readToEnd(TestInfrastructure.shared().kafkaBootstrapServers(), Topics.CHAT_MESSAGES, WITHIN)
                .forEach(record -> {
                    Header header = record.headers().lastHeader(DeliveryRecords.MESSAGE_ID_HEADER);
                    if (header != null) {
                        partitions.computeIfAbsent(UUID.fromString(new String(header.value(), StandardCharsets.UTF_8)),
                                ignored -> new ArrayList<>()).add(record.partition());
                    }
                });
        Set<Integer> davesPartitions = toDave.stream().flatMap(message -> partitions.getOrDefault(message, List.of())
                .stream()).collect(Collectors.toSet());
        Set<Integer> carolsPartitions = toCarol.stream().flatMap(message -> partitions.getOrDefault(message, List.of())
                .stream()).collect(Collectors.toSet());
        assertThat(toDave).as("each message to Dave published once").allMatch(message -> partitions.get(message).size() == 1);
        assertThat(toCarol).as("each message to Carol published once").allMatch(message -> partitions.get(message).size() == 1);
        assertThat(davesPartitions).as("the partition of Dave's instance").hasSize(1);
        assertThat(carolsPartitions).as("the partition of Carol's instance").hasSize(1).doesNotContainAnyElementsOf(davesPartitions);
    }

    @Test
    void aStoppedInstanceClosesItsSocketsWith1001AndAnnouncesTheClosesBeforeItsPoolsClose() throws Exception {
        PackagedService third = start("chat-it-3");
        URI thirdUri = third.awaitReady().uri();
        Person erin = People.newPerson("erin");
        String device = DeviceId.random().toBase64Url();
        try (RawSocket socket = RawSocket.open(thirdUri.resolve("ws/chat"), erin.token(), device)) {
            socket.next("ready");
            String log = third.stop();
            assertThat(socket.closed.get(10, TimeUnit.SECONDS)).as("close code").isEqualTo(1001);
            assertThat(log).contains("Closed 1 sockets and announced their closes before stopping")
                    .doesNotContain("Pool closed").doesNotContain("closed but not announced");
        }
        List<ConsumerRecord<String, String>> connections = KafkaTopics.readUntil(
                TestInfrastructure.shared().kafkaBootstrapServers(), Topics.CONNECTIONS,
                read -> read.stream().anyMatch(record -> closedBy(record, erin)), WITHIN);
        assertThat(connections).as("Erin's socket announced closed").anyMatch(record -> closedBy(record, erin));
    }

    /** The conversation, once the client's instance has the other member in its users projection. */
    private static ConversationInfo known(ChatClient client, UUID conversationId) {
        return await().atMost(WITHIN).until(() -> client.api().conversation(conversationId), info -> info.friend() != null);
    }

    private static boolean closedBy(ConsumerRecord<String, String> record, Person person) {
        if (record.value() == null) {
            return false;
        }
        var event = EventCodec.decode(record.value());
        return event.is(ConnectionClosed.class) && event.data(ConnectionClosed.class).userId().equals(person.id());
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

    /** Starts the packaged application as a process. */
    private static PackagedService start(String instanceId) {
        return PackagedService.start(instanceId, PackagedService.CHAT, "chat",
                Map.of("PARLEY_CHAT_INSTANCE_ID", instanceId));
    }
}

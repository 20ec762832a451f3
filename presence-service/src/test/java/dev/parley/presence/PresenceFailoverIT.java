package dev.parley.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.Topics;
import dev.parley.testing.TestInfrastructure;
import dev.parley.testing.TestTokens;

/**
 * presence-service as deployed, in separate processes sharing one consumer group: a process killed without warning
 * hands its partitions to the other, and a service restarted after being down for longer than the instance TTL
 * resumes where it stopped. Throughout, each user's presence changes are exactly the ones their connections call
 * for: none lost, none announced twice, nobody flapping offline and online again.
 */
class PresenceFailoverIT {

    /**
     * Short, to keep the test quick: heartbeats are read apart from the consumer group, so no rebalance
     * delays them.
     */
    private static final Duration TTL = Duration.ofSeconds(8);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
    private static final Duration PROCESSED = Duration.ofSeconds(30);
    private static final String GROUP = "presence-service";
    private static final int USERS = 30;

    private final TestInfrastructure infrastructure = TestInfrastructure.shared();
    private final List<PresenceProcess> processes = new ArrayList<>();
    private TopicWriter topics;
    private PresenceChanges changes;
    private Admin admin;

    @BeforeEach
    void connect() {
        topics = new TopicWriter(infrastructure.kafkaBootstrapServers());
        changes = new PresenceChanges(infrastructure.kafkaBootstrapServers());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (PresenceProcess process : processes) {
            process.close();
        }
        admin.close();
        changes.close();
        topics.close();
    }

    @Test
    void aKilledInstanceHandsOverItsUsersAndARestartResumesWithoutFlapping() throws Exception {
        UUID alice = UUID.randomUUID();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            UUID user = UUID.randomUUID();
            users.add(user);
            topics.befriend(alice, user);
        }
        Map<UUID, List<Boolean>> expected = new HashMap<>();
        users.forEach(user -> expected.put(user, new ArrayList<>()));

        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, HEARTBEAT_INTERVAL)) {
            // Two instances share the partitions, and so the users.
            PresenceProcess first = start("a");
            PresenceProcess second = start("b");
            first.awaitReady();
            second.awaitReady();
            await().atMost(PROCESSED).until(() -> assignment().size() == 2
                    && assignment().values().stream().noneMatch(Set::isEmpty));

            Map<UUID, SimulatedChatInstance.Connection> phones = new HashMap<>();
            for (UUID user : users) {
                phones.put(user, chat.open(user, "phone"));
                expected.get(user).add(true);
            }
            awaitChanges(expected);

            // The first instance dies without a word; every user whose partition it held leaves meanwhile.
            Set<Integer> partitionsOfFirst = assignment().get("presence-a");
            first.kill();
            List<UUID> handedOver = users.stream()
                    .filter(user -> partitionsOfFirst.contains(partitionOf(user))).toList();
            List<UUID> stayed = users.stream().filter(user -> !handedOver.contains(user)).toList();
            assertThat(handedOver).isNotEmpty();
            assertThat(stayed).hasSizeGreaterThan(4);
            Map<UUID, Instant> lastSeen = new HashMap<>();
            for (UUID user : handedOver) {
                lastSeen.put(user, chat.close(phones.remove(user)));
                expected.get(user).add(false);
            }
            // Others switch devices: online throughout.
            Map<UUID, SimulatedChatInstance.Connection> laptops = new HashMap<>();
            for (UUID user : stayed.subList(0, 2)) {
                laptops.put(user, chat.open(user, "laptop"));
                chat.close(phones.remove(user));
            }
            awaitChanges(expected);
            await().atMost(PROCESSED).until(() -> assignment().size() == 1);

            // Now the whole service is down for longer than the TTL while the users come and go.
            second.kill();
            Instant down = Instant.now();
            UUID returning = handedOver.get(0);
            laptops.put(returning, chat.open(returning, "laptop"));
            expected.get(returning).add(true);
            for (UUID user : stayed.subList(2, 4)) {
                lastSeen.put(user, chat.close(phones.remove(user)));
                expected.get(user).add(false);
            }
            sleepUntil(down.plus(TTL).plusSeconds(1));

            PresenceProcess restarted = start("c");
            restarted.awaitReady();
            Instant restartedAt = Instant.now();
            awaitChanges(expected);
            // Past the restart's grace, while the chat instance kept heartbeating: nobody went offline and back.
            sleepUntil(restartedAt.plus(TTL).plusSeconds(3));
            assertThat(announced(users)).isEqualTo(expected);

            // The last seen times kept through the restart, as a friend sees them.
            List<Map<String, Object>> friends = given().baseUri(restarted.baseUri())
                    .auth().oauth2(TestTokens.accessToken(alice, "alice"))
                    .get("/api/presence/friends").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(friends).hasSize(USERS);
            for (Map<String, Object> friend : friends) {
                UUID user = UUID.fromString((String) friend.get("userId"));
                List<Boolean> states = expected.get(user);
                assertThat(friend.get("online")).as("online, %s", user).isEqualTo(states.get(states.size() - 1));
                Instant seen = lastSeen.get(user);
                assertThat(friend.get("lastSeen")).as("last seen, %s", user)
                        .isEqualTo(seen == null ? null : seen.truncatedTo(ChronoUnit.MICROS).toString());
            }

            // Liveness survived the restart too: the chat instance crashes, and its users go offline.
            chat.crash();
            expected.forEach((user, states) -> {
                if (states.get(states.size() - 1)) {
                    states.add(false);
                }
            });
            awaitChanges(expected);
            assertThat(announced(users)).isEqualTo(expected);
        }
    }

    private PresenceProcess start(String name) {
        TestInfrastructure.Database db = infrastructure.database("presence");
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.datasource.username", db.username());
        settings.put("quarkus.datasource.password", db.password());
        settings.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        settings.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        settings.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
        settings.put("mp.jwt.verify.publickey.location", TestTokens.jwksLocation());
        settings.put("parley.presence.instance-ttl", TTL.toSeconds() + "s");
        settings.put("parley.presence.sweep-interval", "1s");
        // The broker's smallest session timeout, so a killed instance's partitions move quickly.
        for (String channel : List.of("connections", "friendships", "users")) {
            settings.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            settings.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "2000");
        }
        settings.put("mp.messaging.incoming.connections.client.id", "presence-" + name);
        PresenceProcess process = PresenceProcess.start(name, settings);
        processes.add(process);
        return process;
    }

    /** Partitions of the connections topic per member of the consumer group, by client id. */
    private Map<String, Set<Integer>> assignment() throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        return group.members().stream().collect(Collectors.toMap(MemberDescription::clientId,
                member -> member.assignment().topicPartitions().stream()
                        .filter(partition -> partition.topic().equals(Topics.CONNECTIONS))
                        .map(TopicPartition::partition).collect(Collectors.toSet()),
                (a, b) -> { a.addAll(b); return a; }));
    }

    /** The partition Kafka's default partitioner puts the user's connection events on. */
    private static int partitionOf(UUID user) {
        int partitions = Topics.ALL.stream().filter(topic -> topic.name().equals(Topics.CONNECTIONS)).findFirst()
                .orElseThrow().partitions();
        return Utils.toPositive(Utils.murmur2(user.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), moment).toMillis()));
    }

    private void awaitChanges(Map<UUID, List<Boolean>> expected) {
        await().atMost(PROCESSED.plus(TTL)).untilAsserted(() -> assertThat(announced(expected.keySet()))
                .isEqualTo(expected));
    }

    private Map<UUID, List<Boolean>> announced(Collection<UUID> users) {
        Map<UUID, List<Boolean>> announced = new HashMap<>();
        for (UUID user : users) {
            announced.put(user, changes.of(user).stream().map(r -> r.change().online()).collect(Collectors.toList()));
        }
        return announced;
    }
}

package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.parley.chat.People.Person;
import dev.parley.client.api.ChatApi;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.PresenceUpdate;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.ConnectionOpened;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.TestInfrastructure;
import io.restassured.specification.RequestSpecification;

/**
 * Presence as users see it, end to end: chat-service and presence-service each as its packaged application in a
 * process of its own, on one Kafka broker and PostgreSQL, with real WebSocket clients (the Java client library).
 * Devices connect to and disconnect from chat-service, which announces it on the connections topic; presence-service
 * turns that into online/offline changes, and chat-service pushes them to the friends' sockets as {@code presence}
 * frames, while presence-service's API tells friends the same. Users and friendships are announced on their topics as
 * auth-service and friend-service would.
 */
class PresenceEndToEndIT {

    /** What a friend's screen may lag behind a connect or disconnect. */
    private static final Duration LIVE = Duration.ofSeconds(1);
    /** How long to wait before a test gives up on something that should have happened much sooner. */
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** Just started, the services' consumers are still joining their groups (slowly, on a busy machine). */
    private static final Duration FIRST_CHANGE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CONNECTION_PARTITIONS = Topics.ALL.stream()
            .filter(topic -> topic.name().equals(Topics.CONNECTIONS)).findFirst().orElseThrow().partitions();

    private static PackagedService chat;
    private static PackagedService presence;

    @BeforeAll
    static void startBothServices() throws InterruptedException {
        chat = PackagedService.start("chat-presence-it", PackagedService.CHAT, "chat",
                Map.of("PARLEY_CHAT_INSTANCE_ID", "chat-presence-it"));
        presence = PackagedService.start("presence-it", PackagedService.PRESENCE, "presence", Map.of());
        chat.awaitReady();
        presence.awaitReady();
        warmUp();
    }

    @AfterAll
    static void stopBothServices() throws InterruptedException {
        PackagedService.stopAll(chat, presence);
    }

    @Test
    void aFriendSeesOnlineWithinASecondOfAConnect() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        befriend(alice, bob);
        PresenceFrames bobsFrames = new PresenceFrames();

        try (ChatClient bobsPhone = connect(bob, bobsFrames);
                ChatClient alicesPhone = client(alice, new PresenceFrames())) {
            Instant connectingAt = Instant.now();
            long connecting = System.nanoTime();
            alicesPhone.connect().join();
            Duration ready = Duration.ofNanos(System.nanoTime() - connecting);

            PresenceFrames.Received online = bobsFrames.awaitFrame(alice, 0);
            Duration delay = Duration.ofNanos(online.nanos() - connecting);
            System.out.printf("Alice online at Bob's socket %d ms after her connect%n", delay.toMillis());
            assertThat(delay).as(() -> "connect -> presence frame at a friend; "
                    + stages(alice, connectingAt, ready, delay)).isLessThan(LIVE);
            assertThat(online.update().online()).isTrue();
            assertThat(online.update().lastSeen()).as("never offline before").isNull();

            Map<String, Object> friend = friendAsSeenBy(bob, alice);
            assertThat(friend).containsEntry("online", true).containsEntry("username", alice.username())
                    .containsEntry("lastSeen", null);
        }
    }

    @Test
    void aSecondDeviceKeepsTheUserOnlineAndTheLastOneToLeaveTakesThemOffline() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        befriend(alice, bob);
        PresenceFrames bobsFrames = new PresenceFrames();

        DeviceId laptop = DeviceId.random();
        try (ChatClient bobsPhone = connect(bob, bobsFrames);
                ChatClient alicesPhone = connect(alice, new PresenceFrames());
                ChatClient alicesLaptop = client(alice, laptop, new PresenceFrames())) {
            assertThat(bobsFrames.awaitFrame(alice, 0).update().online()).isTrue();
            alicesLaptop.connect().join();
            // Devices' events are ordered by when chat-service wrote them, so wait until the laptop's is out before
            // the phone leaves: otherwise presence could rightly see the phone leave first and Alice flap.
            awaitConnectionAnnounced(alice, laptop);

            alicesPhone.close();
            await().during(LIVE).atMost(LIVE.plusSeconds(1)).until(() -> bobsFrames.of(alice).size() == 1);
            assertThat(friendAsSeenBy(bob, alice)).as("online on the laptop").containsEntry("online", true);

            Instant leaving = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long disconnecting = System.nanoTime();
            alicesLaptop.close();
            PresenceFrames.Received offline = bobsFrames.awaitFrame(alice, 1);
            Duration delay = Duration.ofNanos(offline.nanos() - disconnecting);
            System.out.printf("Alice offline at Bob's socket %d ms after her last device closed%n", delay.toMillis());
            assertThat(delay).as("last disconnect -> presence frame at a friend").isLessThan(LIVE);
            assertThat(offline.update().online()).isFalse();
            // Last seen when the laptop left, not when the phone did.
            assertThat(offline.update().lastSeen()).isBetween(leaving, Instant.now());

            Map<String, Object> friend = friendAsSeenBy(bob, alice);
            assertThat(friend).containsEntry("online", false);
            assertThat(Instant.parse((String) friend.get("lastSeen"))).isEqualTo(offline.update().lastSeen());
            assertThat(bobsFrames.of(alice)).extracting(received -> received.update().online())
                    .containsExactly(true, false);
        }
    }

    @Test
    void someoneWhoIsNotAFriendGetsNoPresenceFramesAndA404() {
        Person alice = People.newPerson("alice");
        Person bob = People.newPerson("bob");
        Person eve = People.newPerson("eve");
        befriend(alice, bob);
        befriend(eve, bob);
        PresenceFrames bobsFrames = new PresenceFrames();
        PresenceFrames evesFrames = new PresenceFrames();

        try (ChatClient evesPhone = connect(eve, evesFrames); ChatClient bobsPhone = connect(bob, bobsFrames)) {
            // Eve's socket does get presence frames: her friend Bob's.
            assertThat(evesFrames.awaitFrame(bob, 0).update().online()).isTrue();

            try (ChatClient alicesPhone = connect(alice, new PresenceFrames())) {
                assertThat(bobsFrames.awaitFrame(alice, 0).update().online()).isTrue();
            }
            assertThat(bobsFrames.awaitFrame(alice, 1).update().online()).isFalse();

            // Pushed in the same round as Bob's frames: a frame for Eve would have arrived by now.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> evesFrames.of(alice).isEmpty());
        }
        presenceApi(eve).get("/api/presence/users/" + alice.id())
                .then().statusCode(404).body("error", equalTo("not_found"));
        List<String> evesFriends = presenceApi(eve).get("/api/presence/friends")
                .then().statusCode(200).extract().jsonPath().getList("userId");
        assertThat(evesFriends).containsExactly(bob.id().toString());
    }

    /**
     * A connect and a disconnect on every partition of the connections topic before measuring, as a running system
     * has long seen. The first record a consumer gets from a partition after it starts waits for the partition's
     * committed offset to be looked up, and that waits for the consumer's pending fetch (up to fetch.max.wait.ms,
     * 500 ms): a one-off cost per partition and process, not what a friend waits for.
     */
    private static void warmUp() {
        Person watching = People.newPerson("watch");
        List<Person> onEveryPartition = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        while (partitions.size() < CONNECTION_PARTITIONS) {
            UUID id = UUID.randomUUID();
            if (partitions.add(partitionOf(id))) {
                onEveryPartition.add(People.newPerson("warm", id));
            }
        }
        befriend(watching, onEveryPartition.get(0), FIRST_CHANGE);
        onEveryPartition.subList(1, onEveryPartition.size()).forEach(person -> befriend(watching, person));
        PresenceFrames frames = new PresenceFrames();
        try (ChatClient watcher = connect(watching, frames)) {
            onEveryPartition.forEach(person -> connect(person, new PresenceFrames()).close());
            await().atMost(FIRST_CHANGE)
                    .until(() -> onEveryPartition.stream().allMatch(person -> frames.of(person).size() == 2));
        }
    }

    /** The partition Kafka's default partitioner gives the user's connection events (keyed by user id). */
    private static int partitionOf(UUID userId) {
        return Utils.toPositive(Utils.murmur2(userId.toString().getBytes(StandardCharsets.UTF_8)))
                % CONNECTION_PARTITIONS;
    }

    private static void befriend(Person one, Person other) {
        befriend(one, other, GIVE_UP);
    }

    /** Announces the friendship and waits until both services have read it. */
    private static void befriend(Person one, Person other, Duration within) {
        People.befriend(one, other);
        ChatApi chatApi = new ChatApi(HTTP, chat.uri(), one::token);
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> chatApi.openConversation(other.id()) != null);
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> presenceApi(one).get("/api/presence/users/" + other.id()).statusCode() == 200
                        && presenceApi(other).get("/api/presence/users/" + one.id()).statusCode() == 200);
    }

    /** The friend as the user's friend list at presence-service shows them. */
    private static Map<String, Object> friendAsSeenBy(Person user, Person friend) {
        Map<String, Object> shown = presenceApi(user).get("/api/presence/friends").then().statusCode(200).extract()
                .jsonPath().getMap("find { it.userId == '" + friend.id() + "' }");
        assertThat(shown).as("%s in %s's friend list", friend.username(), user.username()).isNotNull();
        return shown;
    }

    private static RequestSpecification presenceApi(Person user) {
        return given().baseUri(presence.uri().toString()).auth().oauth2(user.token());
    }

    /**
     * Where the time between a connect and the friend's frame went, for a failure message: from the times the events
     * carry and the records' timestamps (when they were sent), all on this machine's clock.
     */
    private static String stages(Person person, Instant connectingAt, Duration ready, Duration frame) {
        ConsumerRecord<String, String> opened = firstRecord(Topics.CONNECTIONS,
                record -> isOpenedBy(record.value(), person, null));
        ConsumerRecord<String, String> changed = firstRecord(Topics.PRESENCE_CHANGES,
                record -> person.id().toString().equals(record.key()));
        return String.format("ready frame after %d ms; ConnectionOpened written after %s ms, sent after %s ms;"
                + " change decided after %s ms, sent after %s ms; frame at the friend after %d ms", ready.toMillis(),
                after(connectingAt, opened == null ? null
                        : EventCodec.decode(opened.value()).data(ConnectionOpened.class).at()),
                after(connectingAt, opened == null ? null : Instant.ofEpochMilli(opened.timestamp())),
                after(connectingAt, changed == null ? null
                        : EventCodec.decode(changed.value()).data(PresenceChanged.class).at()),
                after(connectingAt, changed == null ? null : Instant.ofEpochMilli(changed.timestamp())),
                frame.toMillis());
    }

    private static ConsumerRecord<String, String> firstRecord(String topic,
            Predicate<ConsumerRecord<String, String>> wanted) {
        return KafkaTopics.readUntil(TestInfrastructure.shared().kafkaBootstrapServers(), topic,
                records -> records.stream().anyMatch(wanted), GIVE_UP).stream().filter(wanted).findFirst().orElse(null);
    }

    private static String after(Instant start, Instant moment) {
        return moment == null ? "?" : String.valueOf(Duration.between(start, moment).toMillis());
    }

    /** Waits until chat-service has told the connections topic about this device's socket. */
    private static void awaitConnectionAnnounced(Person person, DeviceId device) {
        String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
        assertThat(KafkaTopics.readUntil(bootstrap, Topics.CONNECTIONS,
                records -> records.stream().anyMatch(record -> isOpenedBy(record.value(), person, device)), GIVE_UP))
                .anyMatch(record -> isOpenedBy(record.value(), person, device));
    }

    /** Whether the record announces a socket of the person (of that device, unless null). */
    private static boolean isOpenedBy(String value, Person person, DeviceId device) {
        if (value == null) {
            return false;
        }
        EventEnvelope event = EventCodec.decode(value);
        if (!event.is(ConnectionOpened.class)) {
            return false;
        }
        ConnectionOpened opened = event.data(ConnectionOpened.class);
        return opened.userId().equals(person.id())
                && (device == null || opened.deviceId().equals(device.toBase64Url()));
    }

    private static ChatClient connect(Person person, PresenceFrames frames) {
        return connect(person, DeviceId.random(), frames);
    }

    /** A device of the person, connected (the server said ready). */
    private static ChatClient connect(Person person, DeviceId device, PresenceFrames frames) {
        ChatClient client = client(person, device, frames);
        client.connect().join();
        return client;
    }

    private static ChatClient client(Person person, PresenceFrames frames) {
        return client(person, DeviceId.random(), frames);
    }

    private static ChatClient client(Person person, DeviceId device, PresenceFrames frames) {
        return ChatClient.builder().server(chat.uri()).httpClient(HTTP).user(person.id(), person.identity())
                .deviceId(device).accessToken(person::token).listener(frames).build();
    }

    /** The presence frames one device received, each with when it arrived. */
    static final class PresenceFrames implements ChatListener {

        record Received(PresenceUpdate update, long nanos) {
        }

        private final List<Received> received = new CopyOnWriteArrayList<>();

        @Override
        public void onPresence(PresenceUpdate update) {
            received.add(new Received(update, System.nanoTime()));
        }

        List<Received> of(Person person) {
            return received.stream().filter(frame -> frame.update().userId().equals(person.id())).toList();
        }

        /** The person's frame number {@code index} (from 0), once it has arrived. */
        Received awaitFrame(Person person, int index) {
            await().atMost(GIVE_UP).pollInterval(Duration.ofMillis(10)).until(() -> of(person).size() > index);
            return of(person).get(index);
        }
    }
}

package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.parley.chat.Chats.Inbox;
import dev.parley.chat.People.Person;
import dev.parley.chat.Traffic.Pair;
import dev.parley.client.api.ChatApi;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.SendReceipt;
import dev.parley.client.crypto.DeviceId;
import dev.parley.contracts.Topics;
import dev.parley.infra.KafkaBroker;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.Ports;
import dev.parley.testing.TestInfrastructure;

/**
 * The broker and the database restarted under running services: chat-service and presence-service, each its packaged
 * application in a process of its own, on a Kafka broker and a PostgreSQL server of this test's own (the test JVM's
 * shared ones serve the other tests), which the tests stop and start again on the same port with their data kept.
 * <p>
 * {@code -Dparley.faults=long} adds a broker kept down for a minute more and a database down for 75 s.
 */
class InfrastructureRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path DATA = Path.of("target", "faults");
    private static final Duration INTERVAL = Duration.ofMillis(150);

    private static int kafkaPort;
    private static KafkaBroker kafka;
    private static int postgresPort;
    private static PostgresServer postgres;
    private static People people;
    private static PackagedService chat;
    private static PackagedService presence;

    @BeforeAll
    static void startInfrastructureAndServices() throws IOException, InterruptedException {
        deleteRecursively(DATA);
        kafkaPort = Ports.freePort();
        kafka = KafkaBroker.start(DATA.resolve("kafka"), kafkaPort);
        kafka.createTopics(Topics.ALL.stream().map(TestInfrastructure::newTopic).toList());
        postgres = PostgresServer.start(DATA.resolve("postgres"), 0, PostgresServer.Durability.FAST);
        postgresPort = postgres.port();
        chat = PackagedService.start("chat-restarts", PackagedService.CHAT, database("chat"), kafka.bootstrapServers(),
                Map.of("PARLEY_CHAT_INSTANCE_ID", "chat-restarts"));
        presence = PackagedService.start("presence-restarts", PackagedService.PRESENCE, database("presence"),
                kafka.bootstrapServers(), Map.of());
        people = People.onBroker(kafka.bootstrapServers());
        chat.awaitReady();
        presence.awaitReady();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        PackagedService.stopAll(chat, presence);
        if (people != null) {
            people.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whileKafkaRestartsSendingGoesOnAndEveryAcknowledgedMessageArrivesOnce() throws Exception {
        restartKafka(Duration.ZERO);
    }

    @Test
    @EnabledIfSystemProperty(named = "parley.faults", matches = "long")
    void whileKafkaIsDownForAMinuteSendingGoesOnAndEveryAcknowledgedMessageArrivesOnce() throws Exception {
        restartKafka(Duration.ofSeconds(60));
    }

    @Test
    void whilePostgresIsDownTheServicesAreNotReadyAndAfterwardsWorkWithoutARestart() throws Exception {
        restartPostgres(Duration.ofSeconds(3));
    }

    /** Longer than the 60 s SmallRye lets a record wait unacknowledged before it fails the channel by default. */
    @Test
    @EnabledIfSystemProperty(named = "parley.faults", matches = "long")
    void whilePostgresIsDownForMoreThanAMinuteTheServicesWaitAndAfterwardsWorkWithoutARestart() throws Exception {
        restartPostgres(Duration.ofSeconds(75));
    }

    /**
     * Friends chat on while the broker stops and starts again on the same port with its data (a start takes about
     * 10 s here), kept down {@code longer} than that.
     */
    private void restartKafka(Duration longer) throws Exception {
        try (Traffic traffic = Traffic.start(people, List.of(chat.uri()), List.of(new Pair(0, 0), new Pair(0, 0)),
                INTERVAL); HealthWatch health = new HealthWatch(Map.of("chat", chat, "presence", presence))) {
            Thread.sleep(3_000);
            long stopping = System.nanoTime();
            kafka.close();
            long stopped = System.nanoTime();
            Thread.sleep(3_000 + longer.toMillis());
            long starting = System.nanoTime();
            kafka = KafkaBroker.start(DATA.resolve("kafka"), kafkaPort);
            long started = System.nanoTime();
            Thread.sleep(3_000);
            traffic.stopSending();
            traffic.awaitSettled(Duration.ofSeconds(90));

            Traffic.Report report = traffic.check();
            int acknowledgedWhileDown = traffic.acknowledgedBetween(stopping, started);
            int publishedTwice = traffic.publishedMoreThanOnce(kafka.bootstrapServers());
            long firstDelivery = traffic.firstDeliveryAfter(started);
            long lastDelivery = traffic.lastDeliveryOfSentBefore(started);
            System.out.printf("Kafka restarted: %s; broker stopped in %d ms, down %d ms in all (started again in %d"
                    + " ms); %d messages acknowledged while it was down; deliveries resumed %d ms after it was back,"
                    + " and everything sent before it was back was delivered %d ms after it was; %d chat-messages"
                    + " events published twice; health: %s%n", report, ms(stopped - stopping), ms(started - stopping),
                    ms(started - starting), acknowledgedWhileDown, ms(firstDelivery - started),
                    ms(lastDelivery - started), publishedTwice, health.describe(stopping));
            assertThat(acknowledgedWhileDown).as("sends acknowledged while the broker was down").isPositive();
            assertThat(health.statuses("chat live")).as("chat-service's liveness").containsOnly(200);
            assertThat(health.statuses("presence live")).as("presence-service's liveness").containsOnly(200);
        }
    }

    /**
     * PostgreSQL stops for {@code down} and starts again on the same port with its data, while friends are connected,
     * one sends, and a friendship is announced.
     */
    private void restartPostgres(Duration down) throws Exception {
        Person alice = people.person("alice");
        Person bob = people.person("bob");
        people.friends(alice, bob);
        UUID conversationId = openConversation(alice, bob);
        Inbox alicesInbox = new Inbox();
        Inbox bobsInbox = new Inbox();
        try (ChatClient alicesClient = client(alice, alicesInbox); ChatClient bobsClient = client(bob, bobsInbox);
                HealthWatch health = new HealthWatch(Map.of("chat", chat, "presence", presence))) {
            Conversation alicesSide = alicesClient.join(alicesClient.api().conversation(conversationId));
            bobsClient.join(bobsClient.api().conversation(conversationId));
            alicesClient.connect().join();
            bobsClient.connect().join();
            alicesSide.send("before").get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> bobsInbox.texts().equals(List.of("before")));

            long stopping = System.nanoTime();
            postgres.close();
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> chat.health("ready") == 503 && presence.health("ready") == 503);
            long notReady = System.nanoTime();
            // While it is down: a send is refused (server_error) and retried by the client, and friends are made
            // that chat-service must learn of.
            CompletableFuture<SendReceipt> sentWhileDown = alicesSide.send("while down");
            Person carol = people.person("carol");
            people.friends(alice, carol);
            Thread.sleep(down.toMillis());
            boolean acknowledgedWhileDown = sentWhileDown.isDone();

            long starting = System.nanoTime();
            postgres = PostgresServer.start(DATA.resolve("postgres"), postgresPort, PostgresServer.Durability.FAST,
                    postgres.superuserPassword());
            long started = System.nanoTime();
            boolean readyAgain = within(Duration.ofSeconds(60),
                    () -> chat.health("ready") == 200 && presence.health("ready") == 200);
            long ready = System.nanoTime();
            boolean storedAfterwards = within(Duration.ofSeconds(30), () -> sentWhileDown.isDone());
            long storedAt = System.nanoTime();
            CompletableFuture<SendReceipt> after = alicesSide.send("after");
            boolean delivered = within(Duration.ofSeconds(30), () -> bobsInbox.texts().contains("after"));
            long deliveredAt = System.nanoTime();
            boolean friendshipApplied = within(Duration.ofSeconds(30), () -> tryOpenConversation(alice, carol));

            System.out.printf("PostgreSQL restarted after %d s down: stopped in %d ms; both services not ready %d ms"
                    + " after it went down; started again in %d ms; both ready again: %s, %d ms after it was back; the"
                    + " send made while it was down: %s %d ms after both were ready; a send after recovery: %s,"
                    + " delivered: %s %d ms after both were ready; the friendship announced meanwhile applied: %s;"
                    + " health: %s%n", down.toSeconds(), ms(stopped - stopping), ms(notReady - stopping),
                    ms(started - starting), readyAgain, ms(ready - started), describe(sentWhileDown),
                    ms(storedAt - ready), describe(after), delivered, ms(deliveredAt - ready), friendshipApplied,
                    health.describe(stopping));
            assertThat(readyAgain).as("both services ready again, without a restart").isTrue();
            assertThat(chat.isAlive() && presence.isAlive()).as("the same processes, never restarted").isTrue();
            assertThat(health.statuses("chat live")).as("chat-service's liveness").containsOnly(200);
            assertThat(health.statuses("presence live")).as("presence-service's liveness").containsOnly(200);
            assertThat(acknowledgedWhileDown).as("a send answered while the database was down").isFalse();
            assertThat(storedAfterwards).as("the send made while the database was down, stored once it is back")
                    .isTrue();
            assertThat(sentWhileDown.join().duplicate()).isFalse();
            assertThat(delivered).as("a message sent after recovery delivered").isTrue();
            assertThat(bobsInbox.texts()).containsExactly("before", "while down", "after");
            assertThat(bobsInbox.messages).allMatch(message -> message.verification().isIntact());
            assertThat(friendshipApplied).as("the friendship announced while the database was down applied").isTrue();
        }
    }

    /** Whether the condition held within the time, polled every 100 ms. */
    private static boolean within(Duration time, Callable<Boolean> condition) {
        try {
            await().atMost(time).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static boolean tryOpenConversation(Person person, Person friend) {
        return new ChatApi(HTTP, chat.uri(), person::token).openConversation(friend.id()) != null;
    }

    private static String describe(CompletableFuture<SendReceipt> send) {
        if (!send.isDone()) {
            return "still unanswered";
        }
        return send.handle((receipt, failure) -> failure == null ? "acknowledged"
                : "refused (" + failure.getMessage() + ")").join();
    }

    private static UUID openConversation(Person person, Person friend) {
        ChatApi api = new ChatApi(HTTP, chat.uri(), person::token);
        UUID[] id = new UUID[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            id[0] = api.openConversation(friend.id()).id();
            return true;
        });
        return id[0];
    }

    private static ChatClient client(Person person, Inbox inbox) {
        return ChatClient.builder().server(chat.uri()).httpClient(HTTP).user(person.id(), person.identity())
                .deviceId(DeviceId.random()).accessToken(person::token).listener(inbox).build();
    }

    /** A database of the test's own server, owned by a role of the same name, as each service has in production. */
    private static TestInfrastructure.Database database(String name) {
        String password = "test-" + name;
        postgres.ensureDatabase(name, name, password);
        return new TestInfrastructure.Database(postgres.jdbcUrl(name), postgres.reactiveUrl(name), name, password);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}

package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.parley.chat.Traffic.Pair;
import dev.parley.chat.Traffic.Side;
import dev.parley.testing.TestInfrastructure;

/**
 * A chat-service instance killed (SIGKILL) while friends chat through it and through a second instance, both
 * packaged applications in processes of their own on one PostgreSQL database and one Kafka broker. The clients of the
 * killed instance reconnect to the other one, resend what was not acknowledged and catch up; nothing acknowledged is
 * lost, stored twice or shown twice, and every chain stays in order and verifies.
 * <p>
 * {@code -Dparley.faults=long} adds a longer run that kills each instance in turn, three times, restarting it in
 * place in between.
 */
class ChatInstanceKilledIT {

    private static final Duration INTERVAL = Duration.ofMillis(150);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration RECONNECT = Duration.ofSeconds(30);
    /** Both people on the first instance, one on each (both ways), both on the second. */
    private static final List<Pair> EVERY_PLACEMENT = List.of(new Pair(0, 0), new Pair(0, 1), new Pair(1, 0),
            new Pair(1, 1));

    private static final PackagedService[] instances = new PackagedService[2];

    @BeforeAll
    static void startTwoInstances() throws InterruptedException {
        instances[0] = start("chat-kill-1");
        instances[1] = start("chat-kill-2");
        instances[0].awaitReady();
        instances[1].awaitReady();
    }

    @BeforeEach
    void bothInstancesRun() throws InterruptedException {
        for (int i = 0; i < instances.length; i++) {
            if (!instances[i].isAlive()) {
                instances[i] = instances[i].restart().awaitReady();
            }
        }
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        PackagedService.stopAll(instances);
    }

    @Test
    void clientsOfAKilledInstanceCarryOnAtTheOtherAndNoAcknowledgedMessageIsLostOrRepeated() throws Exception {
        try (Traffic traffic = Traffic.start(People.onSharedBroker(), servers(), EVERY_PLACEMENT, INTERVAL)) {
            Thread.sleep(4_000);
            int acknowledgedBefore = traffic.acknowledgedSoFar();
            long killedAt = System.nanoTime();
            instances[0].kill();
            Thread.sleep(4_000);
            traffic.stopSending();
            traffic.awaitSettled(SETTLE);
            Duration settled = Duration.ofNanos(System.nanoTime() - killedAt);

            Traffic.Report report = traffic.check();
            Duration reconnected = reconnectedWithin(traffic.at(0), killedAt, instances[1].uri());
            int resentByRelay = traffic.publishedMoreThanOnce(TestInfrastructure.shared().kafkaBootstrapServers());
            System.out.printf("Instance killed: %s; %d acknowledged before the kill; the killed instance's %d clients"
                    + " ready at the other within %d ms; all settled %d ms after the kill; %d chat-messages events"
                    + " published twice%n", report, acknowledgedBefore, traffic.at(0).size(), reconnected.toMillis(),
                    settled.toMillis(), resentByRelay);
            assertThat(acknowledgedBefore).as("messages acknowledged before the kill").isPositive();
            assertThat(report.acknowledged()).as("messages acknowledged in all").isGreaterThan(acknowledgedBefore);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "parley.faults", matches = "long")
    void eachInstanceKilledInTurnUnderLoadLosesAndRepeatsNothing() throws Exception {
        List<Pair> pairs = new ArrayList<>(EVERY_PLACEMENT);
        pairs.addAll(EVERY_PLACEMENT);
        // As many messages a second as the short run (what one instance keeps up with here), over twice the people.
        try (Traffic traffic = Traffic.start(People.onSharedBroker(), servers(), pairs, INTERVAL.multipliedBy(2))) {
            StringBuilder rounds = new StringBuilder();
            for (int round = 0; round < 3; round++) {
                int victim = round % 2;
                Thread.sleep(5_000);
                List<Side> moving = traffic.sides().stream()
                        .filter(side -> side.client.server().equals(instances[victim].uri())).toList();
                long killedAt = System.nanoTime();
                instances[victim].kill();
                URI survivor = instances[1 - victim].uri();
                AtomicReference<Duration> reconnected = new AtomicReference<>();
                await().atMost(RECONNECT).untilAsserted(
                        () -> reconnected.set(reconnectedWithin(moving, killedAt, survivor)));
                Thread.sleep(Math.max(0, 5_000 - reconnected.get().toMillis()));
                instances[victim] = instances[victim].restart().awaitReady();
                rounds.append(String.format("%n  round %d: instance %d killed, its %d clients ready at the other within"
                        + " %d ms, restarted %d ms after the kill", round + 1, victim + 1, moving.size(),
                        reconnected.get().toMillis(), Duration.ofNanos(System.nanoTime() - killedAt).toMillis()));
            }
            traffic.stopSending();
            long stoppedAt = System.nanoTime();
            traffic.awaitSettled(SETTLE.multipliedBy(2));
            Traffic.Report report = traffic.check();
            int resentByRelay = traffic.publishedMoreThanOnce(TestInfrastructure.shared().kafkaBootstrapServers());
            System.out.printf("Instances killed in turn: %s; settled %d ms after sending stopped; %d chat-messages"
                    + " events published twice%s%n", report, Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis(),
                    resentByRelay, rounds);
        }
    }

    /** How long after the kill the last of these clients was ready again, at the surviving instance. */
    private static Duration reconnectedWithin(List<Side> clients, long killedAt, URI survivor) {
        long last = killedAt;
        for (Side side : clients) {
            long ready = side.readyAfter(killedAt);
            assertThat(ready).as("%s reconnected after the kill; its disconnects: %s", side.person.username(),
                    side.disconnects).isPositive();
            assertThat(side.client.server()).as("%s's server now", side.person.username()).isEqualTo(survivor);
            last = Math.max(last, ready);
        }
        return Duration.ofNanos(last - killedAt);
    }

    private static List<URI> servers() {
        return List.of(instances[0].uri(), instances[1].uri());
    }

    private static PackagedService start(String instanceId) {
        return PackagedService.start(instanceId, PackagedService.CHAT, "chat",
                Map.of("PARLEY_CHAT_INSTANCE_ID", instanceId));
    }
}

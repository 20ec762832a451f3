package dev.parley.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.parley.contracts.Topics;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * How many connection events one presence instance handles per second, and how long a connect takes to come out
 * as a presence change (what chat-service pushes to friends), on a real Kafka and PostgreSQL. Not part of the test
 * suite; run it with
 * {@code ./mvnw -pl presence-service test -Dtest=PresenceBenchmark -Dparley.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 * (options: {@code -Dparley.bench.users}, {@code -Dparley.bench.rate}, {@code -Dparley.bench.seconds}).
 */
@QuarkusTest
@TestProfile(PresenceBenchmark.ProductionSettings.class)
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "presence"))
@EnabledIfSystemProperty(named = "parley.bench", matches = "true")
class PresenceBenchmark {

    /** The production instance TTL instead of the tests' short one. */
    public static class ProductionSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.presence.instance-ttl", "30s");
        }
    }

    @Test
    void measureConnectionEvents() {
        int users = Integer.getInteger("parley.bench.users", 5000);
        int rate = Integer.getInteger("parley.bench.rate", 50);
        int seconds = Integer.getInteger("parley.bench.seconds", 20);
        TopicWriter topics = TestKafka.topics();
        PresenceChanges changes = TestKafka.changes();

        try (SimulatedChatInstance chat = new SimulatedChatInstance(topics, Duration.ofMillis(500))) {
            // Warm-up: the first transactions pay for connections, JIT and caches.
            burst(chat, topics, changes, 500);
            double eventsPerSecond = burst(chat, topics, changes, users);
            Latencies latencies = paced(chat, topics, changes, rate, seconds);

            System.out.printf("%nPRESENCE BENCHMARK: throughput %d users connecting and disconnecting (%d events) at"
                    + " %.0f events/s; latency connect -> presence change at %d connects/s for %d s: p50 %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms (%d samples); cores %d%n%n", users, 2 * users, eventsPerSecond, rate,
                    seconds, latencies.percentile(0.50), latencies.percentile(0.99), latencies.percentile(1.0),
                    latencies.count(), Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Sends a connect and a disconnect for each of {@code count} new users as fast as the producer takes them and
     * returns how many events per second were turned into presence changes (each event is a transition).
     */
    private static double burst(SimulatedChatInstance chat, TopicWriter topics, PresenceChanges changes, int count) {
        int before = changes.count();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SimulatedChatInstance.Connection connection = new SimulatedChatInstance.Connection(UUID.randomUUID(),
                    "phone", UUID.randomUUID().toString());
            String key = connection.userId().toString();
            topics.sendAsync(Topics.CONNECTIONS, key, chat.opened(connection));
            topics.sendAsync(Topics.CONNECTIONS, key, chat.closed(connection));
        }
        topics.flush();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> changes.count() >= before + 2 * count);
        return 2.0 * count / ((changes.lastReceivedNanos() - started) / 1e9);
    }

    /** Connects (and soon after disconnects) users at a steady rate and measures connect -> online change. */
    private static Latencies paced(SimulatedChatInstance chat, TopicWriter topics, PresenceChanges changes, int rate,
            int seconds) {
        Map<UUID, Long> sentNanos = new HashMap<>();
        List<SimulatedChatInstance.Connection> open = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            UUID user = UUID.randomUUID();
            SimulatedChatInstance.Connection connection = new SimulatedChatInstance.Connection(user, "phone",
                    UUID.randomUUID().toString());
            sentNanos.put(user, System.nanoTime());
            topics.sendAsync(Topics.CONNECTIONS, user.toString(), chat.opened(connection));
            open.add(connection);
            if (open.size() > rate) {
                SimulatedChatInstance.Connection leaving = open.remove(0);
                topics.sendAsync(Topics.CONNECTIONS, leaving.userId().toString(), chat.closed(leaving));
            }
        }
        Map<UUID, Long> onlineNanos = new HashMap<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (UUID user : sentNanos.keySet()) {
                if (!onlineNanos.containsKey(user)) {
                    changes.of(user).stream().filter(r -> r.change().online()).findFirst()
                            .ifPresent(r -> onlineNanos.put(user, r.receivedNanos()));
                }
            }
            return onlineNanos.size() == sentNanos.size();
        });
        List<Long> micros = new ArrayList<>();
        onlineNanos.forEach((user, received) -> micros.add((received - sentNanos.get(user)) / 1000));
        assertThat(micros).hasSize(rate * seconds);
        return new Latencies(micros);
    }

    private record Latencies(List<Long> micros) {

        Latencies {
            micros = new ArrayList<>(micros);
            Collections.sort(micros);
        }

        int count() {
            return micros.size();
        }

        double percentile(double p) {
            int index = (int) Math.ceil(p * micros.size()) - 1;
            return micros.get(Math.max(0, Math.min(micros.size() - 1, index))) / 1000.0;
        }
    }
}

package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Logins per second and login latency with the production Argon2id parameters (m = 19 MiB, t = 2, p = 1), over
 * real HTTP against a real PostgreSQL. Not part of the test suite; run it with
 * {@code ./mvnw -pl auth-service test -Dtest=LoginBenchmark -Dparley.bench=true} (options:
 * {@code -Dparley.bench.users}, {@code -Dparley.bench.concurrency}, {@code -Dparley.bench.seconds}).
 */
@QuarkusTest
@TestProfile(LoginBenchmark.ProductionArgon2.class)
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
@EnabledIfSystemProperty(named = "parley.bench", matches = "true")
class LoginBenchmark {

    /** The defaults of application.properties, undoing the test profile's cheaper hashing. */
    public static class ProductionArgon2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.auth.argon2.memory-kib", "19456", "parley.auth.argon2.iterations", "2",
                    "parley.auth.throttle.address-failures", "1000000");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void measureLogins() throws Exception {
        int users = Integer.getInteger("parley.bench.users", 50);
        int concurrency = Integer.getInteger("parley.bench.concurrency", 8);
        int seconds = Integer.getInteger("parley.bench.seconds", 30);
        List<TestUsers.User> accounts = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            accounts.add(TestUsers.signUp("Bench"));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI login = URI.create("http://127.0.0.1:" + port + "/api/auth/login");
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();

        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    TestUsers.User user = accounts.get(Math.floorMod(next.getAndIncrement(), accounts.size()));
                    String body = "{\"username\":\"" + user.username() + "\",\"authKey\":\"" + user.authKey() + "\"}";
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(login)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            latenciesMicros.add((System.nanoTime() - t0) / 1000);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - started) / 1e9;

        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        System.out.printf("%nLOGIN BENCHMARK: %d logins in %.1f s = %.1f logins/s; concurrency %d; failures %d;"
                + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; cores %d%n%n", sorted.size(), elapsed, sorted.size() / elapsed,
                concurrency, failures.get(), percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0, Runtime.getRuntime().availableProcessors());
        assertThat(failures.get()).isZero();
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}

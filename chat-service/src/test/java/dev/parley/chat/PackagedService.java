package dev.parley.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.parley.testing.TestInfrastructure;
import dev.parley.testing.TestTokens;

/**
 * A Parley service as it is deployed: its packaged application ({@code target/quarkus-app}) in a process of its own,
 * configured through environment variables, on this test JVM's PostgreSQL and Kafka. Its log goes to
 * {@code target/it-logs/<name>.log}.
 */
final class PackagedService {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final URI uri;
    private final Process process;

    private PackagedService(String name, URI uri, Process process) {
        this.name = name;
        this.uri = uri;
        this.process = process;
    }

    /**
     * Starts the application on a free port, with its own database (created on first use) and the test JVM's broker
     * and token keys, plus {@code environment}; {@link #awaitReady()} waits until it serves.
     */
    static PackagedService start(String name, Path application, String database, Map<String, String> environment) {
        if (!Files.exists(application)) {
            throw new IllegalStateException(application.toAbsolutePath() + " is missing: package that service first"
                    + " (./mvnw -pl <service> package -DskipTests)");
        }
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        TestInfrastructure.Database db = infrastructure.database(database);
        int port = freePort();
        Map<String, String> settings = new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "QUARKUS_DATASOURCE_USERNAME", db.username(),
                "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(),
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.jwksLocation()));
        settings.putAll(environment);
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                    application.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            builder.environment().putAll(settings);
            return new PackagedService(name, URI.create("http://127.0.0.1:" + port + "/"), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the service says it is ready (its database and Kafka answer). */
    PackagedService awaitReady() throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(uri.resolve("/q/health/ready")).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/it-logs");
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + START_TIMEOUT + "; see target/it-logs");
    }

    /** Where it serves HTTP (and WebSockets), ending with a slash. */
    URI uri() {
        return uri;
    }

    /**
     * Stops the services as an orchestrator does (SIGTERM, so they close their sockets and leave their consumer
     * groups), all at once rather than one after the other; nulls (services never started) are skipped.
     */
    static void stopAll(PackagedService... services) throws InterruptedException {
        for (PackagedService service : services) {
            if (service != null) {
                service.process.destroy();
            }
        }
        for (PackagedService service : services) {
            if (service != null && !service.process.waitFor(20, TimeUnit.SECONDS)) {
                service.process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

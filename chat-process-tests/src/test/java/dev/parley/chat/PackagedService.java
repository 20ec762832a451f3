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
 * {@code target/it-logs/<name>.log}. Tests of faults kill it ({@link #kill()}) and start it again in its place.
 */
final class PackagedService {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** chat-service's packaged application: the build passes its path; the default serves a run from an IDE. */
    static final Path CHAT = Path.of(System.getProperty("chat.app",
            "../chat-service/target/quarkus-app/quarkus-run.jar"));
    static final Path PRESENCE = Path.of(System.getProperty("presence.app",
            "../presence-service/target/quarkus-app/quarkus-run.jar"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    /** 1 for the first process, 2 for the one restarted in its place, ... */
    private final int life;
    private final Path application;
    private final Map<String, String> settings;
    private final URI uri;
    /** Health and metrics: the management interface. */
    private final URI management;
    private final Process process;

    private PackagedService(String name, int life, Path application, Map<String, String> settings) {
        this.name = name;
        this.life = life;
        this.application = application;
        this.settings = Map.copyOf(settings);
        this.uri = URI.create("http://127.0.0.1:" + settings.get("QUARKUS_HTTP_PORT") + "/");
        this.management = URI.create("http://127.0.0.1:" + settings.get("QUARKUS_MANAGEMENT_PORT") + "/");
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                    application.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + (life == 1 ? "" : "-" + life) + ".log").toFile());
            builder.environment().putAll(settings);
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the application on a free port, with its own database (created on first use) and the test JVM's broker
     * and token keys, plus {@code environment}; {@link #awaitReady()} waits until it serves.
     */
    static PackagedService start(String name, Path application, String database, Map<String, String> environment) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return start(name, application, infrastructure.database(database), infrastructure.kafkaBootstrapServers(),
                environment);
    }

    /** Starts the application on the given database and broker instead of the test JVM's shared ones. */
    static PackagedService start(String name, Path application, TestInfrastructure.Database db,
            String kafkaBootstrapServers, Map<String, String> environment) {
        if (!Files.exists(application)) {
            throw new IllegalStateException(application.toAbsolutePath() + " is missing: package that service first"
                    + " (./mvnw -pl <service> package -DskipTests)");
        }
        Map<String, String> settings = new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(freePort()),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()),
                "QUARKUS_DATASOURCE_USERNAME", db.username(),
                "QUARKUS_DATASOURCE_PASSWORD", db.password(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl(),
                "QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.jwksLocation()));
        settings.putAll(environment);
        return new PackagedService(name, 1, application, settings);
    }

    /**
     * A new process in place of this stopped one, as an orchestrator restarts a pod: same settings and port; its log
     * goes to {@code <name>-2.log} (3, ... for later restarts).
     */
    PackagedService restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        return new PackagedService(name, life + 1, application, settings);
    }

    /** Waits until the service says it is ready (its database and Kafka answer). */
    PackagedService awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/it-logs");
            }
            if (health("ready") == 200) {
                return this;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + START_TIMEOUT + "; see target/it-logs");
    }

    /**
     * The HTTP status of a health check ({@code ready} or {@code live}): 200 UP, 503 DOWN, -1 when the process does
     * not answer within two seconds.
     */
    int health(String check) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(management.resolve("/q/health/" + check))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notAnswering) {
            return -1;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL): no shutdown hook runs, sockets and transactions are cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs after SIGKILL");
        }
    }

    /** Stops it as an orchestrator does (SIGTERM) and waits for it to exit; returns its log. */
    String stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs 30 s after SIGTERM");
        }
        return Files.readString(Path.of("target", "it-logs", name + (life == 1 ? "" : "-" + life) + ".log"));
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

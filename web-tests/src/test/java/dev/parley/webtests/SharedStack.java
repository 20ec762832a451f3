package dev.parley.webtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;


import dev.parley.client.api.ApiTransport;
import dev.parley.stack.Database;
import dev.parley.stack.FreePorts;
import dev.parley.stack.HealthProbe;
import dev.parley.stack.InfrastructureLogging;
import dev.parley.stack.LocalStack;
import dev.parley.stack.Service;
import dev.parley.stack.StackSettings;

/**
 * The whole local stack, as {@code ./parley up} runs it, started once for every browser test of this module: on free
 * ports, with its data folder in {@code target/stack} (the services' logs stay there for a look after a failure).
 * Needs every service and the gateway packaged, which a full {@code ./mvnw verify} does before this module.
 */
final class SharedStack implements AutoCloseable {

    /** Five Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final String START_TIMEOUT_SECONDS = "300";

    private final LocalStack stack;
    private final HttpClient http;

    private SharedStack(LocalStack stack) {
        this.stack = stack;
        this.http = HttpClient.newBuilder()
                .sslContext(HealthProbe.trusting(caCertificate()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Starts the stack; whatever had started is stopped again when starting fails. */
    static SharedStack start() {
        Path home = Path.of(System.getProperty("parley.stack.home", "target/stack")).toAbsolutePath();
        deleteRecursively(home);
        Map<String, String> environment = FreePorts.forEveryPart();
        environment.put(StackSettings.HOME_VARIABLE, home.toString());
        environment.put(StackSettings.START_TIMEOUT_VARIABLE, START_TIMEOUT_SECONDS);
        StackSettings settings = StackSettings.fromEnvironment(environment, repository());
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());

        LocalStack stack = new LocalStack(settings, LocalStack.Scope.EVERYTHING, System.out);
        // A JVM ended early (a failsafe timeout, Ctrl-C) still stops the services and PostgreSQL.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "web-tests-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return new SharedStack(stack);
    }

    /** The address users open: {@code https://localhost:<port>}, the name the stack's certificate is for. */
    URI gatewayUrl() {
        return stack.gatewayUrl();
    }

    /** The stack's generated certificate authority (PEM), the only root the browsers and clients here trust. */
    Path caCertificate() {
        return stack.certificates().caCertificate();
    }

    /** The gateway's certificate (PEM), for pinning its public key when the CA cannot be added to the browser. */
    Path serverCertificate() {
        return stack.certificates().serverCertificate();
    }

    Database database(Service service) {
        return stack.databases().get(service);
    }

    /** An HTTP client that trusts the stack's CA and nothing else. */
    HttpClient http() {
        return http;
    }

    /** JSON calls through the gateway, as the Java client library makes them. */
    ApiTransport api() {
        return new ApiTransport(gatewayUrl(), http);
    }

    /** Where the services, the gateway and the infrastructure log. */
    Path logs() {
        return stack.settings().home().logs();
    }

    @Override
    public void close() {
        stack.close();
    }

    /** The checkout whose packaged modules are started; failsafe passes it, as the parley script does. */
    private static Path repository() {
        return Path.of(System.getProperty("parley.root", ".."));
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clear " + folder
                    + " (is a stack from an earlier run still using it?)", e);
        }
    }
}

package dev.parley.systemtests;

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

import javax.net.ssl.SSLContext;

import dev.parley.client.api.ApiTransport;
import dev.parley.stack.FreePorts;
import dev.parley.stack.HealthProbe;
import dev.parley.stack.InfrastructureLogging;
import dev.parley.stack.LocalStack;
import dev.parley.stack.StackSettings;

/**
 * The whole local stack, as {@code ./parley up} runs it, on free ports with its data folder in
 * {@code target/stack} (the services' logs stay there for a look after a failure). Tests reach it only through the
 * gateway, over HTTPS and WSS, trusting the stack's own CA.
 */
final class SystemStack implements AutoCloseable {

    /** Five Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final String START_TIMEOUT_SECONDS = "300";

    private final LocalStack stack;
    private final SSLContext ssl;
    private final HttpClient http;
    private final HttpClient http1;

    private SystemStack(LocalStack stack) {
        this.stack = stack;
        this.ssl = HealthProbe.trusting(stack.certificates().caCertificate());
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        this.http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts the stack; whatever had started is stopped again when starting fails. */
    static SystemStack start() {
        Path home = Path.of(System.getProperty("parley.stack.home", "target/stack")).toAbsolutePath();
        deleteRecursively(home);
        Map<String, String> environment = FreePorts.forEveryPart();
        environment.put(StackSettings.HOME_VARIABLE, home.toString());
        environment.put(StackSettings.START_TIMEOUT_VARIABLE, START_TIMEOUT_SECONDS);
        StackSettings settings = StackSettings.fromEnvironment(environment,
                Path.of(System.getProperty("parley.root", "..")));
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());

        LocalStack stack = new LocalStack(settings, LocalStack.Scope.EVERYTHING, System.out);
        // A JVM ended early (a failsafe timeout, Ctrl-C) still stops the services and PostgreSQL.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "system-tests-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return new SystemStack(stack);
    }

    /** {@code https://localhost:<port>}, the name the stack's certificate is for. */
    URI gatewayUrl() {
        return stack.gatewayUrl();
    }

    /** Trusts the stack's CA and nothing else. */
    SSLContext ssl() {
        return ssl;
    }

    /** HTTP/2 where the gateway offers it (it does), as browsers use it. */
    HttpClient http() {
        return http;
    }

    HttpClient http1() {
        return http1;
    }

    /** JSON calls through the gateway, as the Java client library makes them. */
    ApiTransport api() {
        return new ApiTransport(gatewayUrl(), http);
    }

    /** auth-service's generated token signing key pair (PEM), which only a test of expired tokens reads. */
    Path authKeys() {
        return stack.settings().home().authKeys();
    }

    /** The web client's origin, the only one the gateway and auth-service let a browser page use. */
    String webOrigin() {
        return "https://localhost:" + gatewayUrl().getPort();
    }

    @Override
    public void close() {
        stack.close();
    }

    private static void deleteRecursively(Path folder) {
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

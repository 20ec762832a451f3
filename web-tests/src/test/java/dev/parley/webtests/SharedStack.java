package dev.parley.webtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import dev.parley.client.api.ApiTransport;
import dev.parley.stack.Database;
import dev.parley.stack.HealthProbe;
import dev.parley.stack.LocalStack;
import dev.parley.stack.Service;

/**
 * The whole local stack, as {@code ./parley up} runs it, started once for every browser test of this module: on free
 * ports, with its data folder in {@code target/stack} (the services' logs stay there for a look after a failure).
 * Needs every service and the gateway packaged, which a full {@code ./mvnw verify} does before this module.
 */
final class SharedStack implements AutoCloseable {

    /** Five Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

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
        return new SharedStack(LocalStack.startForTests(
                Path.of(System.getProperty("parley.stack.home", "target/stack")).toAbsolutePath(), repository(),
                START_TIMEOUT));
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
}

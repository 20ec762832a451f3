package dev.parley.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import dev.parley.client.api.ApiTransport;
import dev.parley.stack.HealthProbe;
import dev.parley.stack.LocalStack;

/**
 * The whole local stack, as {@code ./parley up} runs it, on free ports with its data folder in
 * {@code target/stack} (the services' logs stay there for a look after a failure). Tests reach it only through the
 * gateway, over HTTPS and WSS, trusting the stack's own CA.
 */
final class SystemStack implements AutoCloseable {

    /** Five Quarkus applications starting at once on two cores, during a full build, can take a while. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

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
        return new SystemStack(LocalStack.startForTests(
                Path.of(System.getProperty("parley.stack.home", "target/stack")).toAbsolutePath(),
                Path.of(System.getProperty("parley.root", "..")), START_TIMEOUT));
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

    /**
     * JSON calls through the gateway, as the Java client library makes them, with more patience than the library's
     * 30 s: the fixture's first calls sign five users up at once against services that have just started (each
     * sign-up hashes with Argon2id), and on a busy 2-core machine they once took longer than 30 s.
     */
    ApiTransport api() {
        return new ApiTransport(gatewayUrl(), http, CALL_TIMEOUT);
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
}

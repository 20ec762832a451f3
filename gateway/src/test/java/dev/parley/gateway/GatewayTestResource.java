package dev.parley.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.parley.infra.LocalCertificateAuthority;
import dev.parley.infra.LocalCertificateAuthority.CertificateFiles;
import dev.parley.infra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Everything the gateway needs before it boots: a certificate from a freshly generated local CA, and echo services
 * standing in for auth, friend and three instances of chat ({@link ChatInstances}, injected into tests that ask), the
 * auth one also publishing token verification keys (the one {@code TestTokens} signs with, and any a test adds).
 * Nothing listens at the presence service's address, so it plays a service that is down.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    private Path certificateFolder;
    private Vertx vertx;
    private ChatInstances chatInstances;

    @Override
    public Map<String, String> start() {
        try {
            certificateFolder = Files.createTempDirectory("parley-gateway-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CertificateFiles certificates = LocalCertificateAuthority.ensure(certificateFolder, List.of());
        vertx = Vertx.vertx();
        chatInstances = ChatInstances.start(vertx, 3);
        return Map.of(
                "parley.tls.cert-file", certificates.serverCertificate().toString(),
                "parley.tls.key-file", certificates.serverKey().toString(),
                // The JWKS URL is left to its default, derived from this address, as in the local stack.
                "parley.gateway.services.auth", startEchoService("auth", new PublishedKeys()),
                "parley.gateway.services.friend", startEchoService("friend"),
                "parley.gateway.services.chat", chatInstances.addresses(),
                "parley.gateway.services.presence", "http://127.0.0.1:" + Ports.freePort(),
                // Small, so a test can show that open WebSockets leave ordinary requests their connections.
                "parley.gateway.max-connections-per-service", "4",
                // Short, so that a chat instance a test stopped and started again soon gets its share again.
                "parley.gateway.unreachable-instance-pause", "1s",
                // Short, so that a test of a key rotation need not wait long for the gateway to fetch keys again.
                "parley.gateway.jwt.jwks-min-refresh-interval", "1s",
                // A fixed free port rather than 0: Quarkus builds the HTTP-to-HTTPS redirect from the configured
                // port, so with 0 the redirect would point at port 0.
                "quarkus.http.test-ssl-port", String.valueOf(Ports.freePort()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(chatInstances, new TestInjector.MatchesType(ChatInstances.class));
    }

    private String startEchoService(String name) {
        return startEchoService(name, null);
    }

    private String startEchoService(String name, PublishedKeys keys) {
        int port = EchoService.start(vertx, name, keys).toCompletionStage().toCompletableFuture().join().actualPort();
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (certificateFolder != null) {
            try (Stream<Path> files = Files.walk(certificateFolder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

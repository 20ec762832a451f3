package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.contracts.events.SessionsRevoked;
import dev.parley.revocations.RevokedSessions;
import dev.parley.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A token of a session auth-service ended is refused at the edge like an expired one, for requests and WebSocket
 * upgrades alike, while the user's other sessions go on. (The revocation is fed in directly here; the system tests
 * carry it through Kafka from a real logout.)
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RevokedSessionTest {

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    @Inject
    RevokedSessions revokedSessions;

    private final HttpClient client = TrustedClient.create();

    @Test
    void refusesTokensOfARevokedSessionOnly() throws Exception {
        UUID user = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        String endedToken = TestTokens.accessToken(user, "Revoked", ended, Duration.ofMinutes(15));
        String keptToken = TestTokens.accessToken(user, "Revoked", kept, Duration.ofMinutes(15));
        assertThat(get("/api/friends/requests", endedToken).statusCode()).isEqualTo(200);

        revokedSessions.apply(new SessionsRevoked(user, List.of(ended), "logout", Instant.now(),
                Instant.now().plus(Duration.ofMinutes(17))));

        assertThat(get("/api/friends/requests", endedToken).statusCode()).isEqualTo(401);
        assertThat(get("/ws/chat?device=AAECAwQFBgcICQoLDA0ODw", endedToken).statusCode()).isEqualTo(401);
        assertThat(get("/api/friends/requests", keptToken).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

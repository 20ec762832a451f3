package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What the gateway itself serves: TLS, the redirect from plain HTTP, the web client page; health and metrics only on
 * the management port.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class EdgeTest {

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    @TestHTTPResource("/")
    URI plainGateway;

    /** The management interface; its URL ends in the root path /q/. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private final HttpClient client = TrustedClient.create();

    @Test
    void redirectsPlainHttpToTheSamePathOverHttps() throws Exception {
        // Asking for HTTP/2 makes Java's client try a cleartext upgrade (h2c), as curl --http2 does.
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(plainGateway.resolve("/api/auth/session?next=%2Fchat"))
                        .version(HttpClient.Version.HTTP_2)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location"))
                .hasValue(gateway.resolve("/api/auth/session?next=%2Fchat").toString());
    }

    @Test
    void servesTheWebClientPageAtTheRoot() throws Exception {
        HttpResponse<String> response = get(gateway);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).startsWithIgnoringCase("<!DOCTYPE html>");
    }

    @Test
    void reportsItselfLiveAndReadyOnTheManagementPort() throws Exception {
        for (String probe : new String[] { "/q/health/live", "/q/health/ready" }) {
            HttpResponse<String> response = get(management.resolve(probe));

            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(new JsonObject(response.body()).getString("status")).as(probe).isEqualTo("UP");
        }
    }

    @Test
    void staysReadyWhileAServiceIsDown() throws Exception {
        HttpResponse<String> serviceDown = client.send(HttpRequest.newBuilder(gateway.resolve("/api/presence/online"))
                .header("Authorization", Tokens.validBearer())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(serviceDown.statusCode()).isEqualTo(502);

        assertThat(get(management.resolve("/q/health/ready")).statusCode()).isEqualTo(200);
    }

    @Test
    void exposesPrometheusMetricsOnTheManagementPort() throws Exception {
        get(gateway.resolve("/api/auth/me"));

        HttpResponse<String> response = get(management.resolve("/q/metrics"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("http_server_requests_seconds_count");
    }

    @Test
    void redirectsOnlyToItsOwnHostWhateverHostTheRequestNames() throws Exception {
        // Java's client will not send a made-up Host header, so this speaks HTTP/1.1 over a plain socket.
        for (String host : new String[] { "evil.example", "evil.example:" + plainGateway.getPort(), "" }) {
            try (java.net.Socket socket = new java.net.Socket(plainGateway.getHost(), plainGateway.getPort())) {
                socket.getOutputStream().write(("GET /chat?x=1 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(answer).as(host).startsWith("HTTP/1.1 301")
                        .contains("location: https://localhost:" + gateway.getPort() + "/chat?x=1")
                        .doesNotContain("evil");
            }
        }
    }

    @Test
    void answersNothingButNotFoundForManagementPathsOnThePublicPorts() throws Exception {
        for (String path : new String[] { "/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/dev-ui",
                "/q/openapi" }) {
            assertThat(get(gateway.resolve(path)).statusCode()).as(path).isEqualTo(404);
        }
        // Plain HTTP only redirects, to a path that is not there either.
        assertThat(get(plainGateway.resolve("/q/metrics")).statusCode()).isEqualTo(301);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

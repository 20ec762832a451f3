package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** One access log line per request, without anything that could carry a secret. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class AccessLogTest {

    private static final Logger ACCESS_LOG = Logger.getLogger("io.quarkus.http.access-log");

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        ACCESS_LOG.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        ACCESS_LOG.removeHandler(capture);
    }

    @Test
    void logsAddressMethodPathStatusAndDurationButNoQueryTokenOrCookie() throws Exception {
        String bearer = Tokens.validBearer();
        String path = "/api/chat/conversations/access-log-check";
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(gateway.resolve(path + "?device=QUERYSECRET"))
                .header("Authorization", bearer)
                .header("Cookie", "parley_refresh=COOKIESECRET")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(line -> line.contains(path)));
        String line = lines.stream().filter(entry -> entry.contains(path)).findFirst().orElseThrow();

        assertThat(line).startsWith("127.0.0.1 ").contains("\"GET " + path + " HTTP/2\" 200 ").endsWith("ms -");
        assertThat(line).doesNotContain("?", "QUERYSECRET", "COOKIESECRET", bearer.substring("Bearer ".length()));
    }

    @Test
    void aRefusalSentAs200IsLoggedWithItsOwnStatus() throws Exception {
        String path = "/api/chat/conversations/access-log-refusal";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Prefer", "status-in-body").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Parley-Status")).hasValue("401");

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(line -> line.contains(path)));
        String line = lines.stream().filter(entry -> entry.contains(path)).findFirst().orElseThrow();
        assertThat(line).contains("\"GET " + path + " HTTP/2\" 200 ").endsWith("ms 401");
    }
}

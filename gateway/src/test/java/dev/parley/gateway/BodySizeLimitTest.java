package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Bodies over 256 KiB never reach a service, whether they say their length up front or stream it. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class BodySizeLimitTest {

    private static final int LIMIT = 256 * 1024;
    private static final String PATH = "/api/friends/requests";

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();

    @Test
    void passesABodyOfExactlyTheLimit() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_2,
                HttpRequest.BodyPublishers.ofString(body(LIMIT)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("body")).hasSize(LIMIT);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void refusesABodyThatAnnouncesMoreThanTheLimit(HttpClient.Version version) throws Exception {
        assertTooLarge(send(version, HttpRequest.BodyPublishers.ofString(body(LIMIT + 1))));
    }

    @Test
    void passesAChunkedBodyWithinTheLimitInFull() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_1_1, streamed(LIMIT));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echoed = new JsonObject(response.body());
        assertThat(echoed.getString("body")).isEqualTo(body(LIMIT));
        assertThat(echoed.getJsonObject("headers").getString("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void refusesAChunkedBodyThatGrowsPastTheLimit() throws Exception {
        assertTooLarge(send(HttpClient.Version.HTTP_1_1, streamed(LIMIT + 64 * 1024)));
    }

    @Test
    void passesAnHttp2BodyOfUnannouncedLengthInFull() throws Exception {
        HttpResponse<String> response = send(HttpClient.Version.HTTP_2, streamed(LIMIT));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echoed = new JsonObject(response.body());
        assertThat(echoed.getString("body")).isEqualTo(body(LIMIT));
        assertThat(echoed.getJsonObject("headers").getString("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void refusesAnHttp2BodyOfUnannouncedLengthThatGrowsPastTheLimit() throws Exception {
        assertTooLarge(send(HttpClient.Version.HTTP_2, streamed(LIMIT + 64 * 1024)));
    }

    /**
     * A service that answers without reading the body (a GET, say) answers before the gateway has counted a streamed
     * body past the limit; the client, which sends its whole body before it reads the answer, must still get one.
     */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void anEarlyAnswerToABodyOfUnannouncedLengthPastTheLimitReachesTheClient(HttpClient.Version version)
            throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<String> response = client.sendAsync(HttpRequest.newBuilder(
                    gateway.resolve("/api/friends" + EchoService.ANSWERS_EARLY))
                    .version(version)
                    .header("Authorization", Tokens.validBearer())
                    .header("Content-Type", "application/octet-stream")
                    .POST(streamed(LIMIT + 64 * 1024))
                    .build(), HttpResponse.BodyHandlers.ofString())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(response.statusCode()).as("attempt %d", attempt).isIn(200, 413);
        }
    }

    @Test
    void refusesHeadersLargerThanTheLimit() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve(PATH))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", Tokens.validBearer())
                .header("X-Padding", "p".repeat(20 * 1024))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(431);
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("error")).isEqualTo("too_large");
        assertThat(error.getString("message")).contains("256 KiB");
    }

    private HttpResponse<String> send(HttpClient.Version version, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(gateway.resolve(PATH))
                .version(version)
                .header("Authorization", Tokens.validBearer())
                .header("Content-Type", "application/octet-stream")
                .POST(body)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body of unknown length: chunked over HTTP/1.1, DATA frames without content-length over HTTP/2. */
    private static HttpRequest.BodyPublisher streamed(int bytes) {
        return HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body(bytes).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String body(int bytes) {
        return "b".repeat(bytes);
    }
}

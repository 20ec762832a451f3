package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ServiceRoutingTest {

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();

    @ParameterizedTest
    @CsvSource({
            "/api/auth/me, auth",
            "/api/friends/requests/42, friend",
            "/api/chat/conversations, chat",
    })
    void routesEachApiPrefixToItsServiceKeepingThePath(String path, String service) throws Exception {
        HttpResponse<String> response = get(path + "?page=2");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echoed = new JsonObject(response.body());
        assertThat(echoed.getString("service")).isEqualTo(service);
        assertThat(echoed.getString("method")).isEqualTo("GET");
        assertThat(echoed.getString("path")).isEqualTo(path);
        assertThat(echoed.getString("query")).isEqualTo("page=2");
    }

    @Test
    void tellsTheServiceTheClientAddressAndThatItCameOverHttps() throws Exception {
        JsonObject headers = new JsonObject(get("/api/auth/me").body()).getJsonObject("headers");

        assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("x-forwarded-proto")).isEqualTo("https");
        assertThat(headers.getString("x-forwarded-host")).isEqualTo(gateway.getAuthority());
    }

    @Test
    void replacesForwardingHeadersAClientMadeUp() throws Exception {
        HttpResponse<String> response = send(request("/api/auth/me")
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "http")
                .header("Forwarded", "for=203.0.113.7")
                .header("X-Real-IP", "203.0.113.7")
                .GET());

        JsonObject headers = new JsonObject(response.body()).getJsonObject("headers");
        assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(headers.getString("x-forwarded-proto")).isEqualTo("https");
        assertThat(headers.fieldNames()).doesNotContain("forwarded", "x-real-ip");
    }

    @Test
    void streamsAJsonBodyThroughToTheService() throws Exception {
        String json = "{\"recipient\":\"alice\",\"note\":\"h\\u00e9llo\"}";
        HttpResponse<String> response = send(request("/api/friends/requests")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echoed = new JsonObject(response.body());
        assertThat(echoed.getString("method")).isEqualTo("POST");
        assertThat(echoed.getString("path")).isEqualTo("/api/friends/requests");
        assertThat(echoed.getString("body")).isEqualTo(json);
        assertThat(echoed.getJsonObject("headers").getString("content-type")).isEqualTo("application/json");
    }

    @Test
    void streamsABodyLargerThanAnyBufferInFull() throws Exception {
        // Within the 256 KiB body limit, and many times the proxy's buffers.
        String large = "x".repeat(200 * 1024);
        HttpResponse<String> response = send(request("/api/chat/attachments")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(large)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("body")).isEqualTo(large);
    }

    @Test
    void answers502InTheJsonErrorShapeWhenTheServiceIsDown() throws Exception {
        HttpResponse<String> response = send(request("/api/presence/online")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"users\":[\"alice\"]}")));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new JsonObject(response.body()).getMap()).containsOnly(
                entry("error", "bad_gateway"),
                entry("message", "The presence service is not available"));
    }

    @ParameterizedTest
    @CsvSource({ "/api/unknown", "/api/authentication/login", "/api" })
    void answers404InTheJsonErrorShapeForAnUnknownApiPath(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("error")).isEqualTo("not_found");
        assertThat(error.getString("message")).isNotBlank();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** Every request carries a valid token: the checks at the edge are other tests' subject. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", Tokens.validBearer());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

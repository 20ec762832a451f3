package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Paths and queries longer than 4,000 characters never reach a service: over HTTP/2, which has no request line at the
 * edge, they would overflow the service's and come back as its bare 414.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class RequestTargetLimitTest {

    private static final int LIMIT = 4000;
    private static final String PREFIX = "/api/friends/users/";

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void passesATargetOfExactlyTheLimit(HttpClient.Version version) throws Exception {
        String target = PREFIX + "a".repeat(LIMIT - PREFIX.length());

        HttpResponse<String> response = get(version, target);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("path")).isEqualTo(target);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void refusesALongerPathInTheErrorShape(HttpClient.Version version) throws Exception {
        assertTooLong(get(version, PREFIX + "a".repeat(LIMIT + 1 - PREFIX.length())));
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void refusesALongQueryInTheErrorShape(HttpClient.Version version) throws Exception {
        assertTooLong(get(version, PREFIX + "a?q=" + "b".repeat(LIMIT)));
    }

    private static void assertTooLong(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("error")).isEqualTo("uri_too_long");
        assertThat(error.getString("message")).contains("4000 characters");
    }

    private HttpResponse<String> get(HttpClient.Version version, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(gateway.resolve(target))
                .version(version)
                .header("Authorization", Tokens.validBearer())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

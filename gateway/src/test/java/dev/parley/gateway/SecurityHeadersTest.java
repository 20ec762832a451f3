package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every answer carries the security headers, whoever wrote it, and a Cache-Control that fits it. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class SecurityHeadersTest {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> ON_EVERY_ANSWER = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()",
            "Cross-Origin-Opener-Policy", "same-origin");

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();

    @Test
    void theWebClientPageCarriesThemAndIsRevalidatedOnEveryUse() throws Exception {
        for (String page : new String[] { "/", "/index.html" }) {
            HttpResponse<String> response = get(page, null);

            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertSecurityHeaders(response.headers());
            assertThat(response.headers().allValues("Cache-Control")).as(page).containsExactly("no-cache");
        }
    }

    @Test
    void theWebClientPageCanBeRevalidatedWithoutSendingItAgain() throws Exception {
        HttpResponse<String> first = get("/", null);
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> again = client.send(HttpRequest.newBuilder(gateway)
                .header("If-Modified-Since", lastModified).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(304);
        assertSecurityHeaders(again.headers());
    }

    @Test
    void anErrorTheGatewayAnswersItselfCarriesThemAndIsNotStored() throws Exception {
        HttpResponse<String> response = get("/api/friends/requests", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertSecurityHeaders(response.headers());
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void aServicesAnswerCarriesThemAndIsNotStoredWhateverItSays() throws Exception {
        // The echo service says its answers may be kept for 10 minutes.
        HttpResponse<String> response = get("/api/chat/conversations", Tokens.validBearer());

        assertThat(response.statusCode()).isEqualTo(200);
        assertSecurityHeaders(response.headers());
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void aMissingFileHealthAndAServiceThatIsDownCarryThemToo() throws Exception {
        assertThat(get("/no-such-file.js", null).statusCode()).isEqualTo(404);
        assertSecurityHeaders(get("/no-such-file.js", null).headers());
        assertSecurityHeaders(get("/q/metrics", null).headers());
        HttpResponse<String> serviceDown = get("/api/presence/friends", Tokens.validBearer());
        assertThat(serviceDown.statusCode()).isEqualTo(502);
        assertSecurityHeaders(serviceDown.headers());
    }

    @Test
    void theWebClientPageUsesNothingThePolicyForbids() throws IOException {
        String page;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/index.html")) {
            assertThat(in).as("the web client page").isNotNull();
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // script-src 'self' and style-src 'self' without 'unsafe-inline': scripts and styles come from files only.
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(page).find())
                .as("an inline <script>").isFalse();
        assertThat(Pattern.compile("<style[\\s>]|\\sstyle\\s*=|\\son[a-z]+\\s*=|=\\s*[\"']?\\s*javascript:",
                Pattern.CASE_INSENSITIVE).matcher(page).find())
                .as("an inline style, event handler attribute or javascript: URL").isFalse();
    }

    private static void assertSecurityHeaders(HttpHeaders headers) {
        ON_EVERY_ANSWER.forEach((name, value) -> assertThat(headers.allValues(name)).as(name).containsExactly(value));
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Access tokens are checked at the edge: only valid ones, and the public auth endpoints, reach a service. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class AccessTokenCheckTest {

    private static final String PROTECTED = "/api/friends/requests";

    /** A key of the tests' own that the fake auth service publishes, to sign tokens with one thing wrong. */
    private static SigningKey publishedKey;

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();

    @Test
    void passesARequestWithAValidTokenOnWithItsToken() throws Exception {
        String bearer = Tokens.validBearer();

        HttpResponse<String> response = get(PROTECTED, bearer);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject echoed = new JsonObject(response.body());
        assertThat(echoed.getString("service")).isEqualTo("friend");
        assertThat(echoed.getJsonObject("headers").getString("authorization")).isEqualTo(bearer);
    }

    @Test
    void refusesARequestWithoutATokenWithoutAskingTheService() throws Exception {
        HttpResponse<String> response = get(PROTECTED, null);

        assertUnauthorized(response);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic YWxpY2UxOnNlY3JldA==", "Bearer", "Bearer not-a-jwt", "Bearer a.b.c" })
    void refusesAnAuthorizationThatHoldsNoToken(String authorization) throws Exception {
        assertUnauthorized(get(PROTECTED, authorization));
    }

    @Test
    void refusesAForgedTokenThatNamesThePublishedKey() throws Exception {
        SigningKey forger = SigningKey.generate(TestTokens.KEY_ID);

        assertUnauthorized(get(PROTECTED, "Bearer " + forger.accessToken()));
    }

    @Test
    void refusesATokenWithAnAlteredPayload() throws Exception {
        String[] parts = TestTokens.accessToken(UUID.randomUUID(), "alice1").split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        claims.put("sub", UUID.randomUUID().toString());
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertUnauthorized(get(PROTECTED, "Bearer " + altered));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        assertUnauthorized(get(PROTECTED, Tokens.bearerValidFor(Duration.ofMinutes(-5))));
    }

    @Test
    void toleratesTheServicesClockSkewOnExpiry() throws Exception {
        // Expired 20 s ago: within the 60 s the services (SmallRye JWT's default) tolerate too.
        assertThat(get(PROTECTED, Tokens.bearerValidFor(Duration.ofSeconds(-20))).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesATokenOfAnotherIssuerOrAudienceOrWithoutExpiryOrSubject() throws Exception {
        SigningKey key = publishedKey();
        JwtClaims otherIssuer = SigningKey.accessTokenClaims();
        otherIssuer.setIssuer("someone-else");
        JwtClaims otherAudience = SigningKey.accessTokenClaims();
        otherAudience.setAudience("another-app");
        JwtClaims noExpiry = SigningKey.accessTokenClaims();
        noExpiry.unsetClaim("exp");
        JwtClaims noSubject = SigningKey.accessTokenClaims();
        noSubject.unsetClaim("sub");

        for (JwtClaims claims : new JwtClaims[] { otherIssuer, otherAudience, noExpiry, noSubject }) {
            assertUnauthorized(get(PROTECTED, "Bearer " + key.sign(claims)));
        }
        assertThat(get(PROTECTED, "Bearer " + key.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesUnsignedTokensAndOtherAlgorithms() throws Exception {
        SigningKey key = publishedKey();
        String claims = SigningKey.accessTokenClaims().toJson();

        JsonWebSignature unsigned = new JsonWebSignature();
        unsigned.setPayload(claims);
        unsigned.setKeyIdHeaderValue(key.keyId());
        unsigned.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        unsigned.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);

        // The old trick: HMAC "signed" with the public key, hoping the verifier uses it as the secret.
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims);
        hmac.setKeyIdHeaderValue(key.keyId());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new HmacKey(key.publicJwk().getBytes(StandardCharsets.UTF_8)));
        hmac.setDoKeyValidation(false);

        assertUnauthorized(get(PROTECTED, "Bearer " + unsigned.getCompactSerialization()));
        assertUnauthorized(get(PROTECTED, "Bearer " + hmac.getCompactSerialization()));
    }

    @Test
    void acceptsTokensOfAKeyPublishedAfterTheGatewayFetchedTheKeys() throws Exception {
        SigningKey rotated = SigningKey.generate("rotated-" + UUID.randomUUID());
        String bearer = "Bearer " + rotated.accessToken();
        assertUnauthorized(get(PROTECTED, bearer));

        FakeAuth.publish(rotated);

        // The unknown key id makes the gateway fetch the keys again (at most once a second in tests).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(PROTECTED, bearer).statusCode() == 200);
    }

    @Test
    void fetchesTheKeysRarelyHoweverManyUnknownKeyIdsArrive() throws Exception {
        int fetchesBefore = FakeAuth.jwksFetches();

        for (int i = 0; i < 30; i++) {
            assertUnauthorized(get(PROTECTED, "Bearer " + SigningKey.unknown().accessToken()));
        }

        // One fetch per second at most (tests' jwks-min-refresh-interval), however long the 30 requests took here.
        assertThat(FakeAuth.jwksFetches() - fetchesBefore).isLessThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/auth/prelogin", "/api/auth/signup", "/api/auth/login", "/api/auth/session/refresh",
            "/api/auth/session/logout" })
    void letsThePublicAuthEndpointsThroughWithoutAToken(String path) throws Exception {
        HttpResponse<String> response = post(path, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("service")).isEqualTo("auth");
    }

    @ParameterizedTest
    @CsvSource({ "/api/auth/openapi, auth", "/api/friends/openapi, friend", "/api/chat/openapi, chat" })
    void letsEachServicesOpenApiDocumentBeReadWithoutAToken(String path, String service) throws Exception {
        HttpResponse<String> response = get(path, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(response.body()).getString("service")).isEqualTo(service);
        assertUnauthorized(post(path, null));
    }

    @Test
    void letsTheDownPresenceServicesDocumentPassTheTokenCheckToo() throws Exception {
        // Nothing listens at presence-service's address here: the request got past the token check to the proxy.
        assertThat(get("/api/presence/openapi", null).statusCode()).isEqualTo(502);
        assertUnauthorized(post("/api/presence/openapi", null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/auth/me", "/api/auth/logout-all", "/api/auth/login/more", "/api/auth/login/../me",
            "/api/auth/session", "/api/unknown" })
    void requiresATokenEverywhereElseUnderTheApi(String path) throws Exception {
        assertUnauthorized(post(path, null));
        assertUnauthorized(get(path, null));
    }

    @Test
    void requiresATokenForThePublicPathsWithAnotherMethod() throws Exception {
        assertUnauthorized(get("/api/auth/login", null));
    }

    /** Published once, and known to the gateway before it is used. */
    private synchronized SigningKey publishedKey() throws Exception {
        if (publishedKey == null) {
            SigningKey key = SigningKey.generate("published-" + UUID.randomUUID());
            FakeAuth.publish(key);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(PROTECTED, "Bearer " + key.accessToken()).statusCode() == 200);
            publishedKey = key;
        }
        return publishedKey;
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject error = new JsonObject(response.body());
        assertThat(error.getString("error")).isEqualTo("unauthorized");
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.containsKey("service")).as("answered by the gateway, not the service").isFalse();
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(at(path)).GET(), authorization);
    }

    private HttpResponse<String> post(String path, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(at(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), authorization);
    }

    /** The path as it is, dot segments included (URI.resolve would remove them). */
    private URI at(String path) {
        return URI.create("https://" + gateway.getRawAuthority() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization)
            throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

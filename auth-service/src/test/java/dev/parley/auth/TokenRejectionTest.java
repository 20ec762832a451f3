package dev.parley.auth;

import static dev.parley.auth.TestUsers.login;
import static dev.parley.auth.TestUsers.signUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.auth.service.SigningKeys;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class TokenRejectionTest {

    @Inject
    SigningKeys keys;

    @Test
    void aRealTokenIsAcceptedAndItsKeyIdIsPublished() {
        TestUsers.User user = signUp("Walter");
        String token = login(user).accessToken();

        given().auth().oauth2(token).get("/api/auth/me").then().statusCode(200);
        String kid = headerOf(token).get("kid");
        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("EC")).body("keys[0].alg", equalTo("ES256"))
                .extract().path("keys.kid");
        assertThat(published).contains(kid);
    }

    @Test
    void tokensThatAreForgedExpiredOrForSomeoneElseAreRefused() throws Exception {
        TestUsers.User user = signUp("Xavier");
        Instant now = Instant.now();

        PrivateKey foreignKey = newEcKey();
        Map<String, String> forged = Map.of(
                "signed by another key", sign(claims(user, now).expiresAt(now.plusSeconds(600)), foreignKey, keys.signingKeyId()),
                "expired", sign(claims(user, now.minusSeconds(3600)).expiresAt(now.minusSeconds(1800)), keys.signingKey(),
                        keys.signingKeyId()),
                "wrong issuer", sign(claims(user, now).issuer("someone-else").expiresAt(now.plusSeconds(600)),
                        keys.signingKey(), keys.signingKeyId()),
                "wrong audience", sign(claims(user, now).audience("another-app").expiresAt(now.plusSeconds(600)),
                        keys.signingKey(), keys.signingKeyId()),
                "alg none", unsigned(user, now));

        forged.forEach((what, token) -> given().auth().oauth2(token).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("unauthorized")));
        given().auth().oauth2("not-a-jwt").get("/api/auth/me").then().statusCode(401);
        given().get("/api/auth/me").then().statusCode(401);
    }

    private static JwtClaimsBuilder claims(TestUsers.User user, Instant issuedAt) {
        return Jwt.issuer("parley").audience("parley").subject(user.userId()).upn(user.username())
                .groups(Set.of("user")).claim("sid", java.util.UUID.randomUUID().toString()).issuedAt(issuedAt);
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key, String kid) {
        return claims.jws().algorithm(SignatureAlgorithm.ES256).keyId(kid).sign(key);
    }

    private static String unsigned(TestUsers.User user, Instant now) {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64("{\"iss\":\"parley\",\"aud\":\"parley\",\"sub\":\"" + user.userId() + "\",\"sid\":\"x\","
                + "\"iat\":" + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 600) + "}");
        return header + "." + payload + ".";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey newEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPrivate();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> headerOf(String jwt) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.')));
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

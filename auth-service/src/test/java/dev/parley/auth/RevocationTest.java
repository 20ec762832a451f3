package dev.parley.auth;

import static dev.parley.auth.TestUsers.login;
import static dev.parley.auth.TestUsers.refresh;
import static dev.parley.auth.TestUsers.signUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every way a session ends reaches its access tokens: auth-service announces the session on session-revocations and
 * reads the topic back like every other service, so the old token gets 401 within two seconds.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class RevocationTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Test
    void logoutRevokesThatSessionsAccessTokenOnly() {
        TestUsers.User user = signUp("Imogen");
        TestUsers.Session ended = login(user);
        TestUsers.Session kept = login(user);

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", ended.refreshToken()))
                .post("/api/auth/session/logout").then().statusCode(204);

        assertRefusedWithin(ended.accessToken());
        me(kept.accessToken()).then().statusCode(200);
    }

    @Test
    void logoutEverywhereRevokesEverySession() {
        TestUsers.User user = signUp("Jasper");
        TestUsers.Session first = login(user);
        TestUsers.Session second = login(user);

        given().auth().oauth2(first.accessToken()).post("/api/auth/logout-all").then().statusCode(204);

        assertRefusedWithin(first.accessToken());
        assertRefusedWithin(second.accessToken());
        me(login(user).accessToken()).then().statusCode(200);
    }

    @Test
    void aPasswordChangeRevokesTheOtherSessions() {
        TestUsers.User user = signUp("Kendra");
        TestUsers.Session current = login(user);
        TestUsers.Session other = login(user);

        given().auth().oauth2(current.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentAuthKey", user.authKey(), "newAuthKey", TestUsers.randomKey(), "kdfIterations",
                        TestUsers.TEST_KDF_ITERATIONS, "vault", TestUsers.randomVault(), "vaultVersion", 1))
                .post("/api/auth/password").then().statusCode(200);

        assertRefusedWithin(other.accessToken());
        me(current.accessToken()).then().statusCode(200);
    }

    @Test
    void aReusedRefreshTokenRevokesItsSession() {
        TestUsers.Session session = login(signUp("Lionel"));
        String rotated = refresh(session.refreshToken()).then().statusCode(200).extract().path("accessToken");

        refresh(session.refreshToken()).then().statusCode(401);

        assertRefusedWithin(session.accessToken());
        assertRefusedWithin(rotated);
    }

    @Test
    void deletingTheAccountRevokesItsSessions() {
        TestUsers.User user = signUp("Marina");
        TestUsers.Session current = login(user);
        TestUsers.Session other = login(user);

        given().auth().oauth2(current.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("authKey", user.authKey())).delete("/api/auth/account").then().statusCode(204);

        assertRefusedWithin(other.accessToken());
        // Refused as a revoked session, not only because the account is gone: the public-keys lookup needs no account.
        assertRefusedWithin(current.accessToken());
    }

    private static void assertRefusedWithin(String accessToken) {
        long started = System.nanoTime();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> me(accessToken).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WITHIN);
    }

    private static io.restassured.response.Response me(String accessToken) {
        return given().auth().oauth2(accessToken).get("/api/auth/me");
    }
}

package dev.parley.auth;

import static dev.parley.auth.TestUsers.login;
import static dev.parley.auth.TestUsers.loginRequest;
import static dev.parley.auth.TestUsers.randomKey;
import static dev.parley.auth.TestUsers.refresh;
import static dev.parley.auth.TestUsers.signUp;
import static dev.parley.auth.TestUsers.uniqueUsername;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class SessionTest {

    @Test
    void loginReturnsTokensTheAccountAndItsVault() {
        TestUsers.User user = signUp("Grace");

        loginRequest(user.username().toLowerCase(), user.authKey()).then().statusCode(200)
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("account.userId", equalTo(user.userId()))
                .body("account.username", equalTo(user.username()))
                .body("account.vault", equalTo(user.vault()))
                .body("account.kdfIterations", equalTo(TestUsers.TEST_KDF_ITERATIONS));
    }

    @Test
    void aWrongKeyAndAnUnknownUsernameGetTheSameAnswer() {
        TestUsers.User user = signUp("Heidi");

        Response wrongKey = loginRequest(user.username(), randomKey());
        Response unknownUser = loginRequest(uniqueUsername("Ghost"), randomKey());

        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body().asString()).isEqualTo(unknownUser.body().asString())
                .contains("Invalid username or password");
    }

    @Test
    void refreshRotatesTheTokenAndAReusedTokenEndsTheWholeSession() {
        TestUsers.Session session = login(signUp("Ivan"));

        String second = refresh(session.refreshToken()).then().statusCode(200)
                .body("accessToken", notNullValue()).extract().path("refreshToken");
        assertThat(second).isNotEqualTo(session.refreshToken());
        String third = refresh(second).then().statusCode(200).extract().path("refreshToken");

        // Someone replays the first token: the family is revoked, so even the newest token stops working.
        refresh(session.refreshToken()).then().statusCode(401);
        refresh(third).then().statusCode(401);
    }

    @Test
    void logoutEndsThisSessionOnly() {
        TestUsers.User user = signUp("Judy");
        TestUsers.Session phone = login(user);
        TestUsers.Session laptop = login(user);

        given().contentType(ContentType.JSON).body(Map.of("refreshToken", phone.refreshToken()))
                .post("/api/auth/session/logout").then().statusCode(204);

        refresh(phone.refreshToken()).then().statusCode(401);
        refresh(laptop.refreshToken()).then().statusCode(200);
    }

    @Test
    void logoutEverywhereEndsEverySession() {
        TestUsers.User user = signUp("Karl");
        TestUsers.Session phone = login(user);
        TestUsers.Session laptop = login(user);

        given().auth().oauth2(phone.accessToken()).post("/api/auth/logout-all").then().statusCode(204);

        refresh(phone.refreshToken()).then().statusCode(401);
        refresh(laptop.refreshToken()).then().statusCode(401);
    }

    @Test
    void browsersGetTheRefreshTokenOnlyAsAStrictHttpOnlyCookie() {
        TestUsers.User user = signUp("Laura");

        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "authKey", user.authKey(), "refreshTokenDelivery", "cookie"))
                .post("/api/auth/login");
        login.then().statusCode(200).body("refreshToken", nullValue());
        String refreshCookie = login.headers().getValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("parley_refresh=")).findFirst().orElseThrow();
        assertThat(refreshCookie).contains("HttpOnly").contains("Secure").contains("SameSite=Strict")
                .contains("Path=/api/auth/session");
        String cookie = login.getCookie("parley_refresh");

        String rotated = given().cookie("parley_refresh", cookie).header("Origin", "https://localhost:8443")
                .contentType(ContentType.JSON).post("/api/auth/session/refresh")
                .then().statusCode(200).body("refreshToken", nullValue()).extract().cookie("parley_refresh");
        assertThat(rotated).isNotBlank().isNotEqualTo(cookie);

        given().cookie("parley_refresh", rotated).header("Origin", "https://evil.example")
                .contentType(ContentType.JSON).post("/api/auth/session/refresh")
                .then().statusCode(403);
    }

    @Test
    void repeatedFailuresOnOneAccountAreAnsweredWith429AndRetryAfter() {
        TestUsers.User user = signUp("Mallory");
        for (int i = 0; i < 5; i++) {
            loginRequest(user.username(), randomKey()).then().statusCode(401);
        }

        loginRequest(user.username(), user.authKey()).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error", equalTo("too_many_requests"));
    }

    @Test
    void repeatedFailuresFromOneAddressAreAnsweredWith429() {
        String address = "203.0.113." + (1 + (int) (System.nanoTime() % 250));
        for (int i = 0; i < 50; i++) {
            given().header("X-Forwarded-For", address).header("X-Parley-Gateway", "test-gateway-secret")
                    .contentType(ContentType.JSON)
                    .body(Map.of("username", uniqueUsername("Spray"), "authKey", randomKey()))
                    .post("/api/auth/login").then().statusCode(401);
        }
        TestUsers.User victim = signUp("Niaj");

        given().header("X-Forwarded-For", address).header("X-Parley-Gateway", "test-gateway-secret")
                .contentType(ContentType.JSON)
                .body(Map.of("username", victim.username(), "authKey", victim.authKey()))
                .post("/api/auth/login").then().statusCode(429).header("Retry-After", notNullValue());
        loginRequest(victim.username(), victim.authKey()).then().statusCode(200);
    }
}

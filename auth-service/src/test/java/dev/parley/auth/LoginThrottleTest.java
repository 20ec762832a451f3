package dev.parley.auth;

import static dev.parley.auth.TestUsers.randomKey;
import static dev.parley.auth.TestUsers.signUp;
import static dev.parley.auth.TestUsers.uniqueUsername;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The attack from the hardening issue: failed logins for a victim's (public) username must not keep the victim out,
 * while guessing, from one address or many, is still slowed down.
 */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class LoginThrottleTest {

    private static final String GATEWAY_SECRET = "test-gateway-secret";
    private static final AtomicInteger ADDRESSES = new AtomicInteger((int) (System.nanoTime() % 200) * 250);

    @Test
    void failuresFromAnAttackersAddressNeverBlockTheOwnersKnownDevice() {
        TestUsers.User victim = signUp("Victor");
        String victimAddress = nextAddress();
        String deviceToken = login(victim.username(), victim.authKey(), victimAddress, null)
                .then().statusCode(200).body("deviceToken", notNullValue()).extract().path("deviceToken");

        // Far beyond every limit: from one address, then from many.
        String attacker = nextAddress();
        for (int i = 0; i < 8; i++) {
            login(victim.username(), randomKey(), attacker, null);
        }
        for (int i = 0; i < 12; i++) {
            login(victim.username(), randomKey(), nextAddress(), null);
        }
        login(victim.username(), randomKey(), attacker, null).then().statusCode(429);

        // The owner's device that has signed in before gets in, from its own address or any other.
        login(victim.username(), victim.authKey(), victimAddress, deviceToken).then().statusCode(200)
                .body("deviceToken", equalTo(deviceToken));
        login(victim.username(), victim.authKey(), attacker, deviceToken).then().statusCode(200);
    }

    @Test
    void guessingFromManyAddressesStillBlocksDevicesTheAccountDoesNotKnow() {
        TestUsers.User user = signUp("Wendy");
        for (int i = 0; i < 10; i++) {
            login(user.username(), randomKey(), nextAddress(), null).then().statusCode(401);
        }

        login(user.username(), user.authKey(), nextAddress(), null).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("message", containsString("Devices that have signed in to it before can still log in."));
    }

    @Test
    void guessingFromOneAddressIsBlockedAfterFiveFailures() {
        TestUsers.User user = signUp("Xavier");
        String address = nextAddress();
        for (int i = 0; i < 5; i++) {
            login(user.username(), randomKey(), address, null).then().statusCode(401);
        }

        login(user.username(), user.authKey(), address, null).then().statusCode(429)
                .body("error", equalTo("too_many_requests"));
        // Another address is not held responsible for those five.
        login(user.username(), user.authKey(), nextAddress(), null).then().statusCode(200);
    }

    @Test
    void aKnownDeviceThatGuessesIsBlockedOnItsOwn() {
        TestUsers.User user = signUp("Yvonne");
        String deviceToken = login(user.username(), user.authKey(), nextAddress(), null).then().statusCode(200)
                .extract().path("deviceToken");
        for (int i = 0; i < 5; i++) {
            login(user.username(), randomKey(), nextAddress(), deviceToken).then().statusCode(401);
        }

        login(user.username(), user.authKey(), nextAddress(), deviceToken).then().statusCode(429)
                .body("message", containsString("on this device"));
        login(user.username(), user.authKey(), nextAddress(), null).then().statusCode(200);
    }

    @Test
    void aDeviceTokenOfAnotherAccountCountsForNothing() {
        TestUsers.User mine = signUp("Zelda");
        TestUsers.User theirs = signUp("Abigail");
        String theirDevice = login(theirs.username(), theirs.authKey(), nextAddress(), null).then().statusCode(200)
                .extract().path("deviceToken");
        String address = nextAddress();
        for (int i = 0; i < 5; i++) {
            login(mine.username(), randomKey(), address, theirDevice).then().statusCode(401);
        }

        login(mine.username(), mine.authKey(), address, theirDevice).then().statusCode(429);
    }

    @Test
    void browsersGetTheDeviceTokenAsACookieForTheLoginEndpointOnly() {
        TestUsers.User user = signUp("Bianca");
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "authKey", user.authKey(), "refreshTokenDelivery", "cookie"))
                .post("/api/auth/login");

        response.then().statusCode(200).body("deviceToken", nullValue());
        String header = response.headers().getValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("parley_device=")).findFirst().orElseThrow();
        assertThat(header).contains("Path=/api/auth/login").contains("HttpOnly").contains("Secure")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void aForwardedAddressWithoutTheGatewaysSecretIsNotBelieved() {
        TestUsers.User user = signUp("Cedric");
        // A local process naming a fresh address for each guess: all of them count against its real address.
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", nextAddress()).header("X-Parley-Gateway", "guessed")
                    .contentType(ContentType.JSON)
                    .body(Map.of("username", user.username(), "authKey", randomKey()))
                    .post("/api/auth/login").then().statusCode(401);
        }

        given().header("X-Forwarded-For", nextAddress()).contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "authKey", user.authKey()))
                .post("/api/auth/login").then().statusCode(429);
    }

    @Test
    void unknownNamesGetTheSameIterationCountEveryTimeAndOneThatAccountsUse() {
        String ghost = uniqueUsername("Ghost");
        int first = prelogin(ghost);
        int second = prelogin(ghost);

        // The counts the tests' accounts use: the test default, and 2000 after AccountTest's password change.
        assertThat(first).isEqualTo(second).isIn(TestUsers.TEST_KDF_ITERATIONS, 2000);
    }

    private static int prelogin(String username) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username))
                .post("/api/auth/prelogin").then().statusCode(200).extract().path("kdfIterations");
    }

    private static Response login(String username, String authKey, String address, String deviceToken) {
        Map<String, Object> body = new HashMap<>(Map.of("username", username, "authKey", authKey));
        if (deviceToken != null) {
            body.put("deviceToken", deviceToken);
        }
        return given().header("X-Forwarded-For", address).header("X-Parley-Gateway", GATEWAY_SECRET)
                .contentType(ContentType.JSON).body(body).post("/api/auth/login");
    }

    /** A documentation address (RFC 5737) no other test uses. */
    private static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + ((n / 250) % 250) + "." + (1 + n % 250);
    }
}

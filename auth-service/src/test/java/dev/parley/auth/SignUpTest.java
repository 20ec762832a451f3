package dev.parley.auth;

import static dev.parley.auth.TestUsers.TEST_KDF_ITERATIONS;
import static dev.parley.auth.TestUsers.randomKey;
import static dev.parley.auth.TestUsers.randomVault;
import static dev.parley.auth.TestUsers.signUpRequest;
import static dev.parley.auth.TestUsers.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.EventCodec;
import dev.parley.contracts.Topics;
import dev.parley.contracts.events.UserSnapshot;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class SignUpTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static Map<String, Object> validSignUp(String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("authKey", randomKey());
        body.put("kdfIterations", TEST_KDF_ITERATIONS);
        body.put("publicKey", randomKey());
        body.put("vault", randomVault());
        return body;
    }

    @Test
    void signingUpCreatesTheAccountAsTypedAndAnnouncesItOnTheUsersTopic() {
        String username = uniqueUsername("Alice");
        Map<String, Object> body = validSignUp(username);

        String userId = signUpRequest(body).then().statusCode(201)
                .body("username", equalTo(username))
                .body("publicKey", equalTo(body.get("publicKey")))
                .body("vault", equalTo(body.get("vault")))
                .body("vaultVersion", equalTo(1))
                .extract().path("userId");

        List<ConsumerRecord<String, String>> records = KafkaTopics.readUntil(bootstrapServers, Topics.USERS,
                read -> read.stream().anyMatch(r -> userId.equals(r.key())), Duration.ofSeconds(20));
        UserSnapshot snapshot = records.stream().filter(r -> userId.equals(r.key())).findFirst()
                .map(r -> EventCodec.decode(r.value()).data(UserSnapshot.class)).orElseThrow();
        assertThat(snapshot.username()).isEqualTo(username);
        assertThat(snapshot.publicKey()).isEqualTo(body.get("publicKey"));
    }

    @Test
    void aUsernameTakenInAnotherCaseAlreadyExists() {
        String username = uniqueUsername("Carol");
        signUpRequest(validSignUp(username)).then().statusCode(201);

        signUpRequest(validSignUp(username.toLowerCase())).then().statusCode(409)
                .body("error", equalTo("username_taken"))
                .body("message", equalTo("Username already exists"));
        signUpRequest(validSignUp(username.toUpperCase())).then().statusCode(409)
                .body("message", equalTo("Username already exists"));
    }

    @Test
    void emptyFieldsAskToFillInAllFields() {
        for (String field : List.of("username", "authKey", "kdfIterations", "publicKey", "vault")) {
            Map<String, Object> body = validSignUp(uniqueUsername("Dave"));
            body.remove(field);
            signUpRequest(body).then().statusCode(400).body("message", equalTo("Please fill in all fields"));
        }
        Map<String, Object> blank = validSignUp("   ");
        signUpRequest(blank).then().statusCode(400).body("message", equalTo("Please fill in all fields"));
    }

    @Test
    void eachBrokenUsernameRuleGetsItsOwnMessage() {
        signUpRequest(validSignUp("ab!")).then().statusCode(400)
                .body("error", equalTo("invalid_username"))
                .body("details", contains("Username must be 5 to 32 characters long.",
                        "Username may contain only letters and digits."));
        signUpRequest(validSignUp("abcd")).then().statusCode(400)
                .body("message", equalTo("Username must be 5 to 32 characters long."));
        signUpRequest(validSignUp("x".repeat(33))).then().statusCode(400)
                .body("message", equalTo("Username must be 5 to 32 characters long."));
        signUpRequest(validSignUp("alice smith")).then().statusCode(400)
                .body("message", equalTo("Username may contain only letters and digits."));
        signUpRequest(validSignUp("alicé1")).then().statusCode(400)
                .body("message", equalTo("Username may contain only letters and digits."));
    }

    @Test
    void inputOfTheWrongShapeIsRefusedClearlyAndNothingIsStored() {
        String username = uniqueUsername("Erin");
        Map<String, Map.Entry<Object, String>> cases = Map.of(
                "authKey", Map.entry("not base64!", "authKey must be base64url without padding."),
                "publicKey", Map.entry(TestUsers.base64Url(new byte[31]), "publicKey must be 32 bytes."),
                "vault", Map.entry(TestUsers.base64Url(new byte[70_000]), "The key vault is larger than 65536 bytes."),
                "kdfIterations", Map.entry(999, "kdfIterations must be between 1000 and 10000000."));
        cases.forEach((field, bad) -> {
            Map<String, Object> body = validSignUp(username);
            body.put(field, bad.getKey());
            signUpRequest(body).then().statusCode(400).body("message", equalTo(bad.getValue()));
        });
        Map<String, Object> padded = validSignUp(username);
        padded.put("authKey", padded.get("authKey") + "=");
        signUpRequest(padded).then().statusCode(400).body("error", equalTo("invalid_auth_key"));

        // Nothing was made: prelogin still answers this name as nobody's, one of the counts accounts use.
        given().contentType(ContentType.JSON).body(Map.of("username", username)).post("/api/auth/prelogin")
                .then().statusCode(200).body("kdfIterations", oneOf(TEST_KDF_ITERATIONS, 2000));
        signUpRequest(validSignUp(username)).then().statusCode(201);
    }

    @Test
    void malformedJsonGetsTheErrorShape() {
        given().contentType(ContentType.JSON).body("{\"username\": ").post("/api/auth/signup")
                .then().statusCode(400).body("error", equalTo("malformed_request"));
        given().contentType(ContentType.JSON).body("{\"username\": [1,2]}").post("/api/auth/signup")
                .then().statusCode(400).body("error", equalTo("malformed_request"));
    }

    @Test
    void preloginTellsAKnownUsersIterationsAndAnUnknownNameOneThatAccountsUse() {
        String username = uniqueUsername("Frank");
        signUpRequest(validSignUp(username)).then().statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("username", username.toUpperCase())).post("/api/auth/prelogin")
                .then().statusCode(200).body("kdfIterations", equalTo(TEST_KDF_ITERATIONS));
        // A decoy (PreloginDecoys): the test accounts use the test default, and 2000 after AccountTest's password change.
        given().contentType(ContentType.JSON).body(Map.of("username", uniqueUsername("Nobody"))).post("/api/auth/prelogin")
                .then().statusCode(200).body("kdfIterations", oneOf(TEST_KDF_ITERATIONS, 2000));
    }

    @TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @Test
    void signUpsAndLoginsAreCountedByOutcomeOnTheManagementPort() {
        Map<String, Double> before = authCounters();
        TestUsers.User user = TestUsers.signUp("Counted");
        signUpRequest(validSignUp(user.username())).then().statusCode(409);
        TestUsers.loginRequest(user.username(), randomKey()).then().statusCode(401);
        TestUsers.login(user);

        Map<String, Double> after = authCounters();
        assertThat(after.getOrDefault("signups/ok", 0.0) - before.getOrDefault("signups/ok", 0.0)).isEqualTo(1);
        assertThat(after.get("signups/username_taken") - before.getOrDefault("signups/username_taken", 0.0))
                .isEqualTo(1);
        assertThat(after.get("logins/unauthorized") - before.getOrDefault("logins/unauthorized", 0.0)).isEqualTo(1);
        assertThat(after.get("logins/ok") - before.getOrDefault("logins/ok", 0.0)).isEqualTo(1);
    }

    /** {@code parley_auth_<signups|logins>_total{outcome}} as "signups/ok" and the like. */
    private Map<String, Double> authCounters() {
        String metrics = given().baseUri(management.getProtocol() + "://" + management.getHost() + ":"
                + management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> counters = new HashMap<>();
        java.util.regex.Matcher line = java.util.regex.Pattern
                .compile("(?m)^parley_auth_(signups|logins)_total\\{outcome=\"([a-z_]+)\"} (\\S+)$").matcher(metrics);
        while (line.find()) {
            counters.put(line.group(1) + "/" + line.group(2), Double.parseDouble(line.group(3)));
        }
        return counters;
    }
}

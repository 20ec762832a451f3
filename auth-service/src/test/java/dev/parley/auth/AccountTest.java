package dev.parley.auth;

import static dev.parley.auth.TestUsers.login;
import static dev.parley.auth.TestUsers.loginRequest;
import static dev.parley.auth.TestUsers.randomKey;
import static dev.parley.auth.TestUsers.randomVault;
import static dev.parley.auth.TestUsers.refresh;
import static dev.parley.auth.TestUsers.signUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.parley.contracts.Topics;
import dev.parley.testing.KafkaTopics;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class AccountTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void meIsAlwaysTheTokensUserWhateverThePathOrBodySay() {
        TestUsers.User alice = signUp("Olivia");
        TestUsers.User bob = signUp("Peggy");
        TestUsers.Session aliceSession = login(alice);

        given().auth().oauth2(aliceSession.accessToken()).queryParam("userId", bob.userId())
                .get("/api/auth/me").then().statusCode(200).body("userId", equalTo(alice.userId()));

        // A body naming Bob still changes only Alice's vault.
        String aliceVault = randomVault();
        given().auth().oauth2(aliceSession.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("vault", aliceVault, "expectedVersion", 1, "authKey", alice.authKey(), "userId", bob.userId(),
                        "username", bob.username()))
                .put("/api/auth/vault").then().statusCode(200).body("vaultVersion", equalTo(2));

        given().auth().oauth2(login(bob).accessToken()).get("/api/auth/me")
                .then().statusCode(200).body("vault", equalTo(bob.vault())).body("vaultVersion", equalTo(1));
        given().auth().oauth2(aliceSession.accessToken()).get("/api/auth/me")
                .then().statusCode(200).body("vault", equalTo(aliceVault));
    }

    @Test
    void aVaultUploadFromAStaleVersionConflicts() {
        TestUsers.User user = signUp("Quinn");
        TestUsers.Session session = login(user);
        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", user.authKey()))
                .put("/api/auth/vault").then().statusCode(200);

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", user.authKey()))
                .put("/api/auth/vault")
                .then().statusCode(409).body("error", equalTo("vault_conflict"));
    }

    @Test
    void changingThePasswordSwapsKeyAndVaultAndEndsOtherSessions() {
        TestUsers.User user = signUp("Rupert");
        TestUsers.Session current = login(user);
        TestUsers.Session other = login(user);
        String newAuthKey = randomKey();
        String rewrapped = randomVault();

        given().auth().oauth2(current.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentAuthKey", randomKey(), "newAuthKey", newAuthKey, "kdfIterations", 2000,
                        "vault", rewrapped, "vaultVersion", 1))
                .post("/api/auth/password").then().statusCode(403);

        given().auth().oauth2(current.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("currentAuthKey", user.authKey(), "newAuthKey", newAuthKey, "kdfIterations", 2000,
                        "vault", rewrapped, "vaultVersion", 1))
                .post("/api/auth/password").then().statusCode(200)
                .body("vault", equalTo(rewrapped)).body("kdfIterations", equalTo(2000));

        loginRequest(user.username(), user.authKey()).then().statusCode(401);
        loginRequest(user.username(), newAuthKey).then().statusCode(200).body("account.vault", equalTo(rewrapped));
        refresh(other.refreshToken()).then().statusCode(401);
        refresh(current.refreshToken()).then().statusCode(200);
    }

    @Test
    void deletingTheAccountNeedsTheKeyRemovesItAndPublishesATombstone() {
        TestUsers.User user = signUp("Sybil");
        TestUsers.Session session = login(user);

        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("authKey", randomKey())).delete("/api/auth/account").then().statusCode(403);
        given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON)
                .body(Map.of("authKey", user.authKey())).delete("/api/auth/account").then().statusCode(204);

        loginRequest(user.username(), user.authKey()).then().statusCode(401);
        refresh(session.refreshToken()).then().statusCode(401);
        // The access token is still signed and unexpired, but its user is gone.
        given().auth().oauth2(session.accessToken()).get("/api/auth/me").then().statusCode(401);
        KafkaTopics.readUntil(bootstrapServers, Topics.USERS,
                read -> read.stream().anyMatch(r -> user.userId().equals(r.key()) && r.value() == null),
                Duration.ofSeconds(20))
                .stream().filter(r -> user.userId().equals(r.key()) && r.value() == null).findAny().orElseThrow();
    }

    @Test
    void signedInUsersCanLookUpAPublicKeyByUsername() {
        TestUsers.User trent = signUp("Trent");
        TestUsers.Session victor = login(signUp("Victor"));

        given().auth().oauth2(victor.accessToken()).queryParam("username", trent.username().toLowerCase())
                .get("/api/auth/public-keys").then().statusCode(200)
                .body("userId", equalTo(trent.userId()))
                .body("username", equalTo(trent.username()))
                .body("publicKey", equalTo(trent.publicKey()));
        given().auth().oauth2(victor.accessToken()).queryParam("username", TestUsers.uniqueUsername("Ghost"))
                .get("/api/auth/public-keys").then().statusCode(404).body("message", equalTo("Unknown username!"));
        given().queryParam("username", trent.username()).get("/api/auth/public-keys").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
    }
}

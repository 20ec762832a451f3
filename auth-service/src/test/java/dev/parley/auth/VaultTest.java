package dev.parley.auth;

import static dev.parley.auth.TestUsers.login;
import static dev.parley.auth.TestUsers.randomKey;
import static dev.parley.auth.TestUsers.randomVault;
import static dev.parley.auth.TestUsers.signUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** PROTOCOL.md 1.1 §2 on the server: a vault upload needs the password, and the last ten versions are kept. */
@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class VaultTest {

    @Test
    void aStolenAccessTokenAloneCannotReplaceTheVault() {
        TestUsers.User user = signUp("Dorian");
        TestUsers.Session session = login(user);

        upload(session, Map.of("vault", randomVault(), "expectedVersion", 1)).then().statusCode(403)
                .body("error", equalTo("password_required"))
                .body("message", equalTo("Enter your password to change your keys."));
        upload(session, Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", randomKey())).then()
                .statusCode(403).body("error", equalTo("forbidden"))
                .body("message", equalTo("The current password is not correct."));

        given().auth().oauth2(session.accessToken()).get("/api/auth/me").then().statusCode(200)
                .body("vault", equalTo(user.vault())).body("vaultVersion", equalTo(1));
    }

    @Test
    void wrongPasswordsAreThrottledPerSessionAndNeverLockTheOwnerOut() {
        TestUsers.User user = signUp("Eliza");
        TestUsers.Session thief = login(user);
        for (int i = 0; i < 5; i++) {
            upload(thief, Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", randomKey()))
                    .then().statusCode(403);
        }

        upload(thief, Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", user.authKey()))
                .then().statusCode(429);
        TestUsers.Session owner = login(user);
        upload(owner, Map.of("vault", randomVault(), "expectedVersion", 1, "authKey", user.authKey()))
                .then().statusCode(200).body("vaultVersion", equalTo(2));
    }

    @Test
    void theLastTenVersionsAreKeptListedAndReadable() {
        TestUsers.User user = signUp("Fabian");
        TestUsers.Session session = login(user);
        List<String> uploaded = new ArrayList<>(List.of(user.vault()));
        for (int version = 1; version <= 11; version++) {
            String vault = randomVault();
            upload(session, Map.of("vault", vault, "expectedVersion", version, "authKey", user.authKey()))
                    .then().statusCode(200).body("vaultVersion", equalTo(version + 1));
            uploaded.add(vault);
        }

        List<Integer> versions = given().auth().oauth2(session.accessToken()).get("/api/auth/vault/versions")
                .then().statusCode(200).extract().path("versions.version");
        assertThat(versions).containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3);

        given().auth().oauth2(session.accessToken()).get("/api/auth/vault/versions/3").then().statusCode(200)
                .body("version", equalTo(3)).body("vault", equalTo(uploaded.get(2)));
        given().auth().oauth2(session.accessToken()).get("/api/auth/vault/versions/2").then().statusCode(404);
    }

    @Test
    void nobodyReadsAnotherUsersKeptVersions() {
        TestUsers.User alice = signUp("Gemma");
        TestUsers.User bob = signUp("Hector");
        String bobsVault = bob.vault();

        String seen = given().auth().oauth2(login(alice).accessToken()).get("/api/auth/vault/versions/1")
                .then().statusCode(200).extract().path("vault");
        assertThat(seen).isEqualTo(alice.vault()).isNotEqualTo(bobsVault);
    }

    private static Response upload(TestUsers.Session session, Map<String, Object> body) {
        return given().auth().oauth2(session.accessToken()).contentType(ContentType.JSON).body(body)
                .put("/api/auth/vault");
    }
}

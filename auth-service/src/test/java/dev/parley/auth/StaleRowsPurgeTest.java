package dev.parley.auth;

import static dev.parley.auth.TestUsers.loginRequest;
import static dev.parley.auth.TestUsers.refresh;
import static dev.parley.auth.TestUsers.signUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.auth.service.StaleRowsPurge;
import dev.parley.testing.ParleyTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

@QuarkusTest
@QuarkusTestResource(value = ParleyTestResource.class, initArgs = @ResourceArg(name = ParleyTestResource.DATABASE_ARG, value = "auth"))
class StaleRowsPurgeTest {

    private static final Duration TWO_DAYS = Duration.ofDays(2);

    @Inject
    StaleRowsPurge purge;

    @Inject
    DataSource database;

    @Inject
    Vertx vertx;

    @Test
    void expiredAndLongRevokedTokensAndLongUnusedDevicesGoWhileEverythingUsableStays() throws Exception {
        TestUsers.User user = signUp("Olga");
        Login live = login(user);
        Login rotated = login(user);
        String successor = refresh(rotated.refreshToken()).then().statusCode(200).extract().path("refreshToken");
        Login longLoggedOut = login(user);
        logout(longLoggedOut.refreshToken());
        Login justLoggedOut = login(user);
        logout(justLoggedOut.refreshToken());
        Login expired = login(user);

        Instant longAgo = Instant.now().minus(TWO_DAYS);
        backdate("refresh_token", "rotated_at", longAgo, rotated.refreshToken());
        backdate("refresh_token", "revoked_at", longAgo, longLoggedOut.refreshToken());
        backdate("refresh_token", "expires_at", longAgo, expired.refreshToken());
        backdate("known_device", "last_used_at", Instant.now().minus(Duration.ofDays(401)), expired.deviceToken());

        StaleRowsPurge.Result result = purgeNow();

        assertThat(result.ran()).isTrue();
        assertThat(result.refreshTokens()).isGreaterThanOrEqualTo(2);
        assertThat(result.knownDevices()).isGreaterThanOrEqualTo(1);
        assertThat(stored("refresh_token", longLoggedOut.refreshToken(), expired.refreshToken())).isEmpty();
        assertThat(stored("refresh_token", live.refreshToken(), rotated.refreshToken(), successor,
                justLoggedOut.refreshToken())).hasSize(4);
        assertThat(stored("known_device", expired.deviceToken())).isEmpty();
        assertThat(stored("known_device", live.deviceToken(), rotated.deviceToken(), longLoggedOut.deviceToken(),
                justLoggedOut.deviceToken())).hasSize(4);

        refresh(live.refreshToken()).then().statusCode(200);
        // The rotated token survived the purge, so replaying it still ends the session it was stolen from.
        refresh(rotated.refreshToken()).then().statusCode(401);
        refresh(successor).then().statusCode(401);
    }

    @Test
    void aRoundSkipsWhileAnotherInstanceHoldsTheLock() throws Exception {
        TestUsers.User user = signUp("Pavel");
        Login expired = login(user);
        backdate("refresh_token", "expires_at", Instant.now().minus(TWO_DAYS), expired.refreshToken());

        try (Connection otherInstance = database.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, StaleRowsPurge.LOCK);
                lock.execute();
            }
            assertThat(purgeNow().ran()).isFalse();
            assertThat(stored("refresh_token", expired.refreshToken())).hasSize(1);
            otherInstance.rollback();
        }

        assertThat(purgeNow().ran()).isTrue();
        assertThat(stored("refresh_token", expired.refreshToken())).isEmpty();
    }

    private record Login(String refreshToken, String deviceToken) {
    }

    private static Login login(TestUsers.User user) {
        Response response = loginRequest(user.username(), user.authKey()).then().statusCode(200).extract().response();
        return new Login(response.path("refreshToken"), response.path("deviceToken"));
    }

    private static void logout(String refreshToken) {
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/auth/session/logout").then().statusCode(204);
    }

    /** Hibernate Reactive runs only on a Vert.x context flagged safe, as the scheduler's rounds are. */
    private StaleRowsPurge.Result purgeNow() throws Exception {
        CompletableFuture<StaleRowsPurge.Result> done = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            purge.purge().subscribe().with(done::complete, done::completeExceptionally);
        });
        return done.get(30, TimeUnit.SECONDS);
    }

    private void backdate(String table, String column, Instant to, String token) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update " + table + " set " + column + " = ? where token_hash = ?")) {
            update.setTimestamp(1, Timestamp.from(to));
            update.setBytes(2, sha256(token));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** The rows of the table still holding these tokens, by token hash. */
    private List<UUID> stored(String table, String... tokens) throws SQLException {
        List<UUID> found = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select account_id from " + table + " where token_hash = ?")) {
            for (String token : tokens) {
                select.setBytes(1, sha256(token));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                }
            }
        }
        return found;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

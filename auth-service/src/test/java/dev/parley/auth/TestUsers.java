package dev.parley.auth;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Makes users through the real API, with random keys standing in for what a client derives from a password. */
final class TestUsers {

    static final int TEST_KDF_ITERATIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A signed-up user and the keys it signed up with. */
    record User(String userId, String username, String authKey, String publicKey, String vault) {
    }

    /** A logged-in session. */
    record Session(String accessToken, String refreshToken) {
    }

    private TestUsers() {
    }

    static String uniqueUsername(String prefix) {
        return prefix + System.nanoTime() % 1_000_000_000L + COUNTER.incrementAndGet();
    }

    static String randomKey() {
        return base64Url(randomBytes(32));
    }

    static String randomVault() {
        return base64Url(randomBytes(80));
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Response signUpRequest(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/auth/signup");
    }

    static User signUp(String prefix) {
        String username = uniqueUsername(prefix);
        String authKey = randomKey();
        String publicKey = randomKey();
        String vault = randomVault();
        String userId = signUpRequest(Map.of("username", username, "authKey", authKey, "kdfIterations",
                TEST_KDF_ITERATIONS, "publicKey", publicKey, "vault", vault))
                .then().statusCode(201).extract().path("userId");
        return new User(userId, username, authKey, publicKey, vault);
    }

    static Response loginRequest(String username, String authKey) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "authKey", authKey))
                .when().post("/api/auth/login");
    }

    static Session login(User user) {
        Response response = loginRequest(user.username(), user.authKey()).then().statusCode(200).extract().response();
        return new Session(response.path("accessToken"), response.path("refreshToken"));
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/api/auth/session/refresh");
    }
}

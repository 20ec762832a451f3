package dev.parley.systemtests;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.parley.client.api.ApiException;
import dev.parley.client.api.AuthClient;
import dev.parley.client.api.ChatApiException;
import dev.parley.client.crypto.PasswordKeys;

/**
 * A real user, signed up and logged in through the gateway with the Java client library (the stack's KDF iteration
 * count, so 600,000 PBKDF2 rounds per password: the tests make few of them).
 */
final class TestUser {

    /** How long the services' projections (users, friendships, from Kafka) may lag behind a change. */
    static final Duration PROJECTION_LAG = Duration.ofSeconds(30);

    private final String username;
    private final AuthClient.Session session;

    private TestUser(String username, AuthClient.Session session) {
        this.username = username;
        this.session = session;
    }

    static TestUser signUp(SystemStack stack, String username) {
        String password = "Pw-" + username + "-9";
        AuthClient auth = new AuthClient(stack.api());
        auth.signUp(username, password, password, PasswordKeys.DEFAULT_ITERATIONS);
        return new TestUser(username, auth.login(username, password));
    }

    String username() {
        return username;
    }

    UUID id() {
        return session.userId();
    }

    String accessToken() {
        return session.accessToken();
    }

    AuthClient.Session session() {
        return session;
    }

    /** The authKey the server checks (PROTOCOL.md §1), which proves the password for deletion and password change. */
    String authKey() {
        return session.passwordKeys().authKeyBase64Url();
    }

    @Override
    public String toString() {
        return username;
    }

    /** Calls until it succeeds, while a failure is one that a projection catching up resolves. */
    static <T> T eventually(Supplier<T> call, Predicate<RuntimeException> retryable) {
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!retryable.test(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            pause(Duration.ofMillis(300));
        }
    }

    static Predicate<RuntimeException> status(int... statuses) {
        return e -> {
            int status = e instanceof ApiException api ? api.status()
                    : e instanceof ChatApiException chat ? chat.status() : -1;
            return Arrays.stream(statuses).anyMatch(s -> s == status);
        };
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}

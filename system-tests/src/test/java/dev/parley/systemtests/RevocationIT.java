package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.client.api.AuthClient;
import dev.parley.systemtests.Gateway.Request;

/**
 * Ended sessions, end to end through the gateway: auth-service announces the session on Kafka, and within two
 * seconds the gateway and the services refuse its access token and chat-service closes its socket with 4001.
 * Each test prints how long that took, from the answer of the call that ended the session.
 */
@ExtendWith(StackExtension.class)
class RevocationIT {

    private static final Duration WITHIN = Duration.ofSeconds(2);
    private static SystemStack stack;
    private static Gateway gateway;

    @BeforeAll
    static void start(SystemStack systemStack) {
        stack = systemStack;
        gateway = new Gateway(stack);
    }

    @Test
    void logoutEndsThatSessionEverywhere() throws Exception {
        Sessions user = Sessions.of(stack, "revlogout");
        AuthClient.Session ended = user.login();
        AuthClient.Session kept = user.login();
        RawWebSocket socket = AccessControlIT.openSocket(stack, ended.accessToken());

        long started = System.nanoTime();
        user.auth.logout(ended);
        long answered = System.nanoTime();

        assertEnded("logout", ended.accessToken(), socket, started, answered);
        assertThat(status("/api/auth/me", kept.accessToken())).isEqualTo(200);
    }

    @Test
    void logoutEverywhereEndsEverySession() throws Exception {
        Sessions user = Sessions.of(stack, "revall");
        AuthClient.Session first = user.login();
        AuthClient.Session second = user.login();
        RawWebSocket socket = AccessControlIT.openSocket(stack, second.accessToken());

        long started = System.nanoTime();
        user.auth.logoutEverywhere(first);
        long answered = System.nanoTime();

        assertEnded("logout everywhere", second.accessToken(), socket, started, answered);
        assertThat(status("/api/auth/me", first.accessToken())).isEqualTo(401);
    }

    @Test
    void aReusedRefreshTokenEndsItsSession() throws Exception {
        Sessions user = Sessions.of(stack, "revreuse");
        AuthClient.Session session = user.login();
        Gateway.Answer rotated = gateway.send(Request.of("POST", "/api/auth/session/refresh")
                .json(RestEndpoints.body("refreshToken", session.refreshToken())));
        assertThat(rotated.status()).isEqualTo(200);
        String newToken = rotated.json().path("accessToken").asText();
        RawWebSocket socket = AccessControlIT.openSocket(stack, newToken);

        long started = System.nanoTime();
        Gateway.Answer replayed = gateway.send(Request.of("POST", "/api/auth/session/refresh")
                .json(RestEndpoints.body("refreshToken", session.refreshToken())));
        long answered = System.nanoTime();
        assertThat(replayed.status()).isEqualTo(401);

        assertEnded("refresh token reuse", newToken, socket, started, answered);
    }

    @Test
    void aPasswordChangeEndsTheOtherSessions() throws Exception {
        Sessions user = Sessions.of(stack, "revpass");
        AuthClient.Session current = user.login();
        AuthClient.Session other = user.login();
        RawWebSocket socket = AccessControlIT.openSocket(stack, other.accessToken());

        long started = System.nanoTime();
        String newPassword = "Changed-9xQ";
        AuthClient.Session changed = user.auth.changePassword(current, user.password(), newPassword, newPassword);
        long answered = System.nanoTime();

        assertEnded("password change", other.accessToken(), socket, started, answered);
        assertThat(status("/api/auth/me", changed.accessToken())).isEqualTo(200);
    }

    @Test
    void deletingTheAccountEndsEverySession() throws Exception {
        Sessions user = Sessions.of(stack, "revdel");
        AuthClient.Session current = user.login();
        AuthClient.Session other = user.login();
        RawWebSocket socket = AccessControlIT.openSocket(stack, other.accessToken());

        long started = System.nanoTime();
        user.auth.deleteAccount(current, user.password());
        long answered = System.nanoTime();

        assertEnded("account deletion", other.accessToken(), socket, started, answered);
    }

    /**
     * The session ended when auth-service answered the call that ended it (it commits the revocation first); from
     * then on the gateway must refuse the token, and the socket be closed, within {@link #WITHIN}. {@code started}
     * is when the call was made: a password change or deletion first derives keys in the client, which on a busy
     * machine alone can take longer than that, so the clock starts at the answer.
     */
    private static void assertEnded(String trigger, String accessToken, RawWebSocket socket, long started,
            long answered) throws InterruptedException {
        long deadline = answered + WITHIN.toNanos();
        long refusedAt = 0;
        while (System.nanoTime() < deadline) {
            if (status("/api/auth/me", accessToken) == 401 && status("/api/friends", accessToken) == 401
                    && status("/api/chat/conversations", accessToken) == 401) {
                refusedAt = System.nanoTime();
                break;
            }
            Thread.sleep(20);
        }
        assertThat(refusedAt).as("%s: the token refused by the gateway within %s", trigger, WITHIN).isPositive();
        RawWebSocket.Frame closed = null;
        while (System.nanoTime() < deadline + WITHIN.toNanos()) {
            RawWebSocket.Frame frame = socket.next(Duration.ofMillis(200));
            if (frame != null && frame.isClose()) {
                closed = frame;
                break;
            }
        }
        long closedAt = System.nanoTime();
        socket.close();
        assertThat(closed).as("%s: the session's socket closed", trigger).isNotNull();
        assertThat(closed.closeCode()).isEqualTo(4001);
        assertThat(Duration.ofNanos(closedAt - answered)).as("%s: socket closed within", trigger).isLessThan(WITHIN);
        System.out.printf("RevocationIT %s: the call took %d ms; after its answer the token was refused within %d ms "
                + "and the socket closed (4001) within %d ms%n", trigger, Duration.ofNanos(answered - started).toMillis(),
                Math.max(0, Duration.ofNanos(refusedAt - answered).toMillis()),
                Duration.ofNanos(closedAt - answered).toMillis());
    }

    private static int status(String path, String accessToken) {
        return gateway.send(Request.of("GET", path).token(accessToken)).status();
    }

    /** A fresh user and the password to open more sessions with. */
    private record Sessions(AuthClient auth, String username, String password) {
        static Sessions of(SystemStack stack, String prefix) {
            String username = prefix + Long.toString(System.nanoTime() % 100_000_000L, 36);
            TestUser.signUp(stack, username);
            return new Sessions(new AuthClient(stack.api()), username, "Pw-" + username + "-9");
        }

        AuthClient.Session login() {
            return auth.login(username, password);
        }
    }
}

package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.systemtests.Gateway.Answer;
import dev.parley.systemtests.Gateway.Request;

/**
 * One reproduction per bug the fuzz tests found, each asserting the behaviour the service should have: the fixed
 * ones stay as regression tests. A {@link KnownBug} still open gets its reproduction here {@code @Disabled} when it
 * can be reproduced on its own; to re-enable one: fix the bug, remove the {@code @Disabled}, delete the bug from
 * {@link KnownBug} (the fuzz tests then check all its cases strictly again).
 */
@ExtendWith(StackExtension.class)
class KnownBugsIT {

    @Test
    void aNulCharacterInAUsernameIsRefusedNotA500(SystemStack stack, Fixture fixture) {
        Gateway gateway = new Gateway(stack);
        Answer prelogin = gateway.send(Request.of("POST", "/api/auth/prelogin")
                .json(RestEndpoints.body("username", "abc\u0000def")));
        assertThat(prelogin.status()).as("prelogin: %s", prelogin).isIn(200, 400);
        Answer request = gateway.send(Request.of("POST", "/api/friends/requests").token(fixture.alice.accessToken())
                .json(RestEndpoints.body("username", "abc\u0000def")));
        assertRefused(request, 400, 404);
        Answer keys = gateway.send(Request.of("GET", "/api/auth/public-keys?username=abc%00def")
                .token(fixture.alice.accessToken()));
        assertRefused(keys, 400, 404);
    }

    @Test
    void aDuplicatedKeyIsRefusedInTheErrorShape(SystemStack stack, Fixture fixture) {
        Answer answer = new Gateway(stack).send(Request.of("POST", "/api/friends/requests")
                .token(fixture.alice.accessToken())
                .jsonBytes("{\"username\":\"nobody1\",\"username\":\"nobody2\"}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(answer, 400, 404);
    }

    @Test
    void aSessionRefreshInPlainTextIsRefusedWith415(SystemStack stack) {
        Answer answer = new Gateway(stack).send(Request.of("POST", "/api/auth/session/refresh")
                .header("Content-Type", "text/plain")
                .body("{\"refreshToken\":\"nobody-has-it\"}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(answer, 415);
    }

    @Test
    void numbersSentAsStringsOrFractionsAreRefused(SystemStack stack, Fixture fixture) {
        Gateway gateway = new Gateway(stack);
        String username = fixture.freshUsername("Str");
        ObjectNode signUp = RestEndpoints.body("username", username).put("authKey", BadValues.base64(32))
                .put("kdfIterations", "600000").put("publicKey", BadValues.base64(32)).put("vault", BadValues.base64(100));
        assertRefused(gateway.send(Request.of("POST", "/api/auth/signup").json(signUp)), 400);
        Answer lookup = gateway.send(Request.of("GET", "/api/auth/public-keys?username=" + username)
                .token(fixture.alice.accessToken()));
        assertThat(lookup.status()).as("the account must not exist: %s", lookup).isEqualTo(404);

        long version = gateway.send(Request.of("GET", "/api/auth/me").token(fixture.erin.accessToken())).json()
                .path("vaultVersion").asLong();
        ObjectNode vault = RestEndpoints.body("vault", BadValues.base64(64)).put("expectedVersion", version + 0.5);
        assertRefused(gateway.send(Request.of("PUT", "/api/auth/vault").token(fixture.erin.accessToken()).json(vault)),
                400);
    }

    @Test
    void aDeletedAccountsFriendRequestIsRefusedNotPostponed(SystemStack stack, Fixture fixture) {
        Gateway gateway = new Gateway(stack);
        TestUser gone = TestUser.signUp(stack, fixture.freshUsername("gone"));
        Answer deleted = gateway.send(Request.of("DELETE", "/api/auth/account").token(gone.accessToken())
                .json(RestEndpoints.body("authKey", gone.authKey())));
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        // Long enough for the tombstone on the users topic to reach friend-service (it takes well under a second).
        TestUser.pause(Duration.ofSeconds(5));
        Answer request = gateway.send(Request.of("POST", "/api/friends/requests").token(gone.accessToken())
                .json(RestEndpoints.body("username", fixture.erin.username())));
        assertRefused(request, 401, 403, 404);
    }

    @Test
    void jsonWithTrailingContentIsRefused(SystemStack stack) {
        Answer answer = new Gateway(stack).send(Request.of("POST", "/api/auth/prelogin")
                .jsonBytes("{\"username\":\"x\"}{\"username\":\"y\"}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(answer, 400);
    }

    @Test
    void anOverlongUtf8SequenceIsRefused(SystemStack stack) {
        byte[] body = { '{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xc0, (byte) 0xaf,
                'a', 'b', 'c', '"', '}' };
        Answer answer = new Gateway(stack).send(Request.of("POST", "/api/auth/prelogin").jsonBytes(body));
        assertRefused(answer, 400);
    }

    @Test
    void aVeryLongPathIsRefusedInTheErrorShape(SystemStack stack, Fixture fixture) {
        Answer answer = new Gateway(stack).send(Request.of("GET", "/api/presence/users/" + "A".repeat(5000))
                .token(fixture.alice.accessToken()));
        assertRefused(answer, 404, 414);
    }

    @Test
    void anInfiniteSequenceNumberIsABadEnvelope(SystemStack stack, Fixture fixture) {
        ObjectNode envelope = Envelopes.wellFormed(fixture.conversationAB, fixture.alice.id());
        ((ObjectNode) envelope.get("header")).put("seq", new BigDecimal("1e400"));
        RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(),
                "/ws/chat?device=" + Envelopes.DEVICE,
                Map.of("Authorization", "Bearer " + fixture.alice.accessToken()));
        try (RawWebSocket socket = upgrade.socket()) {
            assertThat(ProbedSocket.type(AccessControlIT.nextSkippingNews(socket))).isEqualTo("ready");
            socket.sendText(Envelopes.send("inf", envelope));
            RawWebSocket.Frame answer = AccessControlIT.nextSkippingNews(socket);
            assertThat(answer.json().path("code").asText()).as("answer %s", answer).isEqualTo("bad_envelope");
        }
    }

    @Test
    void anHttp2BodyWithoutLengthReachesTheService(SystemStack stack) {
        Answer answer = new Gateway(stack).send(Request.of("POST", "/api/auth/prelogin")
                .json(RestEndpoints.body("username", "nobody")).withoutLength());
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    private static void assertRefused(Answer answer, Integer... statuses) {
        assertThat(answer.status()).as("%s", answer).isIn((Object[]) statuses);
        assertThat(ErrorShape.problems(answer)).as("%s", answer).isEmpty();
    }
}

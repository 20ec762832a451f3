package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.ChatClient;
import dev.parley.systemtests.Gateway.Answer;
import dev.parley.systemtests.Gateway.Request;

/**
 * A deleted account's access token. Access tokens stay valid until they expire (15 minutes), by design; what must
 * hold is that the token of a deleted account sees nothing and does nothing: zed makes a friend (erin), talks to her,
 * deletes the account, and then every endpoint and the socket, called with zed's still unexpired token, answer
 * 401/403/404 or an empty list, never data, and change nothing; zed cannot log in again, and erin sees no trace of
 * zed.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeletedAccountIT {

    static final String CATEGORY = "deleted account";
    private static final CaseLog LOG = new CaseLog("DeletedAccountIT");
    private static final Set<Integer> REFUSED = Set.of(401, 403, 404);
    private static Gateway gateway;
    private static TestUser zed;
    private static UUID conversation;
    private static UUID message;

    @BeforeAll
    static void zedMakesAFriendTalksAndDeletesTheAccount(SystemStack stack, Fixture fixture) throws Exception {
        gateway = new Gateway(stack);
        TestUser erin = fixture.erin;
        zed = TestUser.signUp(stack, fixture.freshUsername("zed"));
        TestUser.eventually(() -> stack.api().call("POST", "/api/friends/requests", zed.accessToken(),
                Map.of("username", erin.username()), Map.class), TestUser.status(503, 404));
        stack.api().call("POST", "/api/friends/requests/received/approve", erin.accessToken(),
                Map.of("usernames", List.of(zed.username())), Map.class);
        ConversationInfo info = Fixture.awaitFriendshipKnown(stack, zed, erin);
        conversation = info.id();
        try (ChatClient chat = Fixture.chat(stack, zed)) {
            chat.connect().get(30, TimeUnit.SECONDS);
            message = chat.join(info).send("Goodbye, erin").get(30, TimeUnit.SECONDS).messageId();
        }

        Answer deleted = gateway.send(Request.of("DELETE", "/api/auth/account").token(zed.accessToken())
                .json(RestEndpoints.body("authKey", zed.authKey())));
        assertThat(deleted.status()).as("deleting zed's account: %s", deleted).isEqualTo(204);
        // Every service learns of the deletion from the users topic: wait until erin sees no trace of zed.
        TestUser.eventually(() -> {
            for (String path : List.of("/api/friends", "/api/presence/friends", "/api/chat/conversations")) {
                String seen = gateway.send(Request.of("GET", path).token(erin.accessToken())).text();
                if (seen.contains(zed.id().toString()) || seen.contains(conversation.toString())) {
                    throw new IllegalStateException(path + " of erin still shows zed: " + seen);
                }
            }
            return null;
        }, e -> e instanceof IllegalStateException);
    }

    @AfterAll
    static void writeReport() {
        LOG.write();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> theDeletedAccountsTokenSeesAndDoesNothing(Fixture fixture) {
        TestUser erin = fixture.erin;
        String erinId = erin.id().toString();
        List<Request> requests = List.of(
                Request.of("GET", "/api/auth/me"),
                Request.of("GET", "/api/auth/public-keys?username=" + erin.username()),
                Request.of("PUT", "/api/auth/vault").json(RestEndpoints.body("vault", BadValues.base64(64))
                        .put("expectedVersion", 1)),
                Request.of("POST", "/api/auth/password").json(RestEndpoints.body("currentAuthKey", zed.authKey())
                        .put("newAuthKey", BadValues.base64(32)).put("kdfIterations", 600_000)
                        .put("vault", BadValues.base64(64)).put("vaultVersion", 1)),
                Request.of("DELETE", "/api/auth/account").json(RestEndpoints.body("authKey", zed.authKey())),
                Request.of("POST", "/api/auth/logout-all"),
                Request.of("POST", "/api/friends/requests").json(RestEndpoints.body("username", erin.username())),
                Request.of("GET", "/api/friends/requests/sent"),
                Request.of("GET", "/api/friends/requests/received"),
                Request.of("POST", "/api/friends/requests/received/approve").json(names(erin.username())),
                Request.of("POST", "/api/friends/requests/received/reject").json(names(erin.username())),
                Request.of("DELETE", "/api/friends/requests/sent/" + UUID.randomUUID()),
                Request.of("GET", "/api/friends"),
                Request.of("DELETE", "/api/friends/" + erinId),
                Request.of("GET", "/api/presence/friends"),
                Request.of("GET", "/api/presence/users/" + erinId),
                Request.of("GET", "/api/chat/conversations"),
                Request.of("POST", "/api/chat/conversations").json(RestEndpoints.body("friendId", erinId)),
                Request.of("GET", "/api/chat/conversations/" + conversation),
                Request.of("GET", "/api/chat/conversations/" + conversation + "/messages"),
                Request.of("POST", "/api/chat/conversations/" + conversation + "/read")
                        .json(RestEndpoints.body("upTo", message.toString())));
        return requests.stream().map(request -> dynamicTest(request.method() + " " + request.pathAndQuery(), () -> {
            Answer answer = gateway.send(request.token(zed.accessToken()));
            List<String> problems = new ArrayList<>();
            if (answer.status() >= 400) {
                if (!REFUSED.contains(answer.status())) {
                    problems.add("expected 401, 403 or 404, got " + answer);
                }
                problems.addAll(ErrorShape.problems(answer));
            } else if (!showsNothing(answer.json())) {
                problems.add("answered " + answer.status() + " with data: " + answer.text());
            }
            String target = request.method() + " " + request.pathAndQuery()
                    .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}").replaceAll("username=.*", "username=...");
            record(target, "the deleted account's token", answer.status() + "", problems);
        }));
    }

    @Test
    @Order(2)
    void theDeletedAccountsSocketReachesNoConversation(SystemStack stack, Fixture fixture) {
        RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(),
                "/ws/chat?device=" + Envelopes.DEVICE, Map.of("Authorization", "Bearer " + zed.accessToken()));
        if (upgrade.status() != 101) {
            List<String> problems = REFUSED.contains(upgrade.status()) ? List.of()
                    : List.of("expected 101, 401, 403 or 404, got " + upgrade.status());
            record("WebSocket upgrade", "the deleted account's token", upgrade.status() + "", problems);
            return;
        }
        try (RawWebSocket socket = upgrade.socket()) {
            RawWebSocket.Frame ready = AccessControlIT.nextSkippingNews(socket);
            record("WebSocket upgrade", "the deleted account's token", "101 + " + ProbedSocket.type(ready), List.of());
            socket.sendText(Envelopes.send("z1", Envelopes.wellFormed(conversation, zed.id())));
            socket.sendText(Envelopes.delivered(conversation, message));
            for (String frame : List.of("send into the deleted conversation", "delivered in the deleted conversation")) {
                RawWebSocket.Frame answer = AccessControlIT.nextSkippingNews(socket);
                String outcome = answer == null ? "no answer" : answer.isClose() ? "close " + answer.closeCode()
                        : ProbedSocket.type(answer) + " " + answer.json().path("code").asText();
                boolean refused = outcome.equals("error unknown_conversation") || outcome.equals("error not_a_friend")
                        || answer != null && answer.isClose();
                record(frame.substring(0, frame.indexOf(' ')) + " frame", frame, outcome,
                        refused ? List.of() : List.of("expected unknown_conversation or not_a_friend, got " + outcome));
                if (answer == null || answer.isClose()) {
                    break;
                }
            }
        }
    }

    @Test
    @Order(3)
    void theDeletedAccountCannotLogInAgain() {
        Answer login = gateway.send(Request.of("POST", "/api/auth/login")
                .json(RestEndpoints.body("username", zed.username()).put("authKey", zed.authKey())));
        record("POST /api/auth/login", "the deleted account's username and authKey", login.status() + "",
                login.status() == 401 ? ErrorShape.problems(login) : List.of("expected 401, got " + login));
    }

    @Test
    @Order(4)
    void erinSeesNoTraceOfZed(Fixture fixture) {
        for (String path : List.of("/api/friends", "/api/friends/requests/received", "/api/friends/requests/sent",
                "/api/presence/friends", "/api/chat/conversations", "/api/presence/users/" + zed.id(),
                "/api/chat/conversations/" + conversation + "/messages")) {
            Answer answer = gateway.send(Request.of("GET", path).token(fixture.erin.accessToken()));
            List<String> problems = answer.text().contains(zed.id().toString()) || answer.text().contains(message.toString())
                    ? List.of("shows zed: " + answer) : List.of();
            record("GET " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}"), "erin, after zed left",
                    answer.status() + "", problems);
        }
    }

    /** An empty answer, an empty list, or an object of empty lists. */
    private static boolean showsNothing(JsonNode body) {
        if (body == null || body.isArray() && body.isEmpty()) {
            return true;
        }
        if (!body.isObject()) {
            return false;
        }
        for (Iterator<JsonNode> values = body.elements(); values.hasNext();) {
            JsonNode value = values.next();
            if (!(value.isArray() && value.isEmpty() || value.isBoolean())) {
                return false;
            }
        }
        return true;
    }

    private static void record(String target, String input, String outcome, List<String> problems) {
        Optional<KnownBug> bug = problems.isEmpty() ? Optional.empty()
                : KnownBug.explaining(target, CATEGORY, input, outcome);
        LOG.record(CATEGORY, target, input, outcome, problems, bug.orElse(null));
        if (bug.isPresent()) {
            Assumptions.abort(bug.get().reason() + " (" + problems + ")");
        }
        assertThat(problems).as("%s with %s → %s", target, input, outcome).isEmpty();
    }

    private static ObjectNode names(String username) {
        ObjectNode body = Gateway.JSON.createObjectNode();
        body.putArray("usernames").add(username);
        return body;
    }
}

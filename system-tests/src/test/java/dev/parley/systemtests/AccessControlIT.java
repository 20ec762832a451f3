package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.systemtests.Gateway.Answer;
import dev.parley.systemtests.Gateway.Request;
import dev.parley.systemtests.RestEndpoints.Endpoint;

/**
 * Who may do what, through the gateway. Every signed-in endpoint and the chat socket refuse (401) requests without a
 * token or with a token that is expired, signed by another key under the real key id, unsigned, HMAC-signed with the
 * public key, or altered after signing, each carrying the request that would otherwise succeed. Users cannot reach
 * each other's conversations, messages, requests, friendships or presence by naming them (403/404, never their
 * data), over HTTP or the socket. A foreign Origin cannot use the refresh cookie nor open a socket, even with a valid
 * token. Nothing any user can see changes.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlIT {

    static final String EVIL_ORIGIN = "https://evil.example";
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final CaseLog LOG = new CaseLog("AccessControlIT");
    private static final List<ProbedSocket> SOCKETS = new ArrayList<>();
    private static StateSnapshot before;
    private static Gateway gateway;

    /** A kind of bad credential, made from the real token of the user the request acts as. */
    record BadToken(String name, Function<String, Request> credential) {
    }

    @BeforeAll
    static void takeSnapshot(SystemStack stack, Fixture fixture) {
        gateway = new Gateway(stack);
        before = StateSnapshot.take(stack, fixture);
    }

    @AfterAll
    static void closeSocketsAndWriteReport() {
        SOCKETS.forEach(ProbedSocket::close);
        LOG.write();
    }

    static List<BadToken> badTokens(SystemStack stack) {
        return List.of(
                new BadToken("no token", token -> null),
                new BadToken("expired (signed by auth-service's own key)", token -> bearer(Tokens.expired(token, stack.authKeys()))),
                new BadToken("signed by another P-256 key under the real kid", token -> bearer(Tokens.signedByAnotherKey(token))),
                new BadToken("alg none, no signature", token -> bearer(Tokens.unsigned(token))),
                new BadToken("HS256 with the public key as secret", token -> bearer(Tokens.hmacWithPublicKey(token, stack.authKeys()))),
                new BadToken("subject changed after signing", token -> bearer(Tokens.withSubject(token, UUID.randomUUID()))),
                new BadToken("not a JWT", token -> bearer("not.a.jwt")),
                new BadToken("Basic scheme", token -> Request.of("", "").header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("alice:password".getBytes(StandardCharsets.UTF_8)))),
                new BadToken("token in the query string instead of the header", token -> Request.of("", "?access_token=" + token)));
    }

    /** The credential part of a request: only its headers and a query suffix are used. */
    private static Request bearer(String token) {
        return Request.of("", "").header("Authorization", "Bearer " + token);
    }

    // ---- (a)-(d): bad tokens everywhere ----

    @TestFactory
    @Order(1)
    Stream<DynamicContainer> badTokensAreRefusedByEveryEndpointAndTheSocket(SystemStack stack, Fixture fixture) {
        List<Endpoint> endpoints = RestEndpoints.all(stack, fixture).stream().filter(Endpoint::authenticated).toList();
        ProbedSocket aliceSocket = new ProbedSocket(stack, fixture.alice, fixture.aliceEnvelopeAB);
        SOCKETS.add(aliceSocket);
        return badTokens(stack).stream().map(badToken -> {
            List<DynamicTest> tests = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                tests.add(dynamicTest(endpoint.name(), () -> {
                    Request credential = badToken.credential().apply(endpoint.actor().accessToken());
                    Request request = endpoint.valid().token(null);
                    if (credential != null) {
                        request = new Request(request.method(), join(request.pathAndQuery(), credential.pathAndQuery()),
                                null, merge(request.headers(), credential.headers()), request.body(), false, false);
                    }
                    Answer answer = gateway.send(request);
                    List<String> problems = new ArrayList<>();
                    if (answer.status() != 401) {
                        problems.add("expected 401, got " + answer.status());
                    } else if (answer.header("WWW-Authenticate") == null) {
                        problems.add("no WWW-Authenticate header");
                    }
                    problems.addAll(ErrorShape.problems(answer));
                    check("bad token: " + badToken.name(), endpoint.name(), badToken.name(), answer.status() + "",
                            problems);
                }));
            }
            tests.add(dynamicTest("WebSocket upgrade, Authorization header", () -> {
                Request credential = badToken.credential().apply(fixture.alice.accessToken());
                upgradeRefused(stack, "bad token: " + badToken.name(), "WebSocket upgrade (header)",
                        credential == null ? Map.of() : credential.headers(),
                        credential == null ? "" : credential.pathAndQuery(), 401);
            }));
            tests.add(dynamicTest("WebSocket upgrade, sub-protocol carrier", () -> {
                Request credential = badToken.credential().apply(fixture.alice.accessToken());
                String authorization = credential == null ? null : credential.headers().get("Authorization");
                Map<String, String> headers = authorization == null ? Map.of()
                        : Map.of("Sec-WebSocket-Protocol", "bearer-token-carrier, quarkus-http-upgrade#Authorization#"
                                + URLEncoder.encode(authorization, StandardCharsets.UTF_8).replace("+", "%20"));
                upgradeRefused(stack, "bad token: " + badToken.name(), "WebSocket upgrade (sub-protocol)", headers,
                        credential == null ? "" : credential.pathAndQuery(), 401);
            }));
            tests.add(dynamicTest("in-band refresh on an open socket", () -> {
                Request credential = badToken.credential().apply(fixture.alice.accessToken());
                String authorization = credential == null ? null : credential.headers().get("Authorization");
                String token = authorization != null && authorization.startsWith("Bearer ")
                        ? authorization.substring(7) : "";
                ProbedSocket.Answer answer = aliceSocket.exchange(socket -> socket.sendText(Envelopes.refresh(token)));
                RawWebSocket.Frame close = answer.close();
                List<String> problems = new ArrayList<>();
                if (close == null || close.closeCode() != SocketFuzzIT.TOKEN_REJECTED) {
                    problems.add("expected close 4003, got " + answer);
                }
                if (!answer.usableAfter()) {
                    problems.add("a new socket did not work afterwards");
                }
                check("bad token: " + badToken.name(), "refresh frame", badToken.name(),
                        close == null ? answer.toString() : "close " + close.closeCode(), problems);
            }));
            return dynamicContainer(badToken.name(), tests.stream());
        });
    }

    // ---- (f): other users' things ----

    @TestFactory
    @Order(2)
    Stream<DynamicTest> otherUsersThingsCannotBeReachedByNamingThem(SystemStack stack, Fixture fixture) {
        TestUser alice = fixture.alice;
        TestUser bob = fixture.bob;
        TestUser carol = fixture.carol;
        TestUser dave = fixture.dave;
        TestUser erin = fixture.erin;
        UUID ab = fixture.conversationAB;
        UUID cd = fixture.conversationCD;
        // What alice must never see of carol and dave's conversation: their messages.
        List<String> cdSecrets = List.of(fixture.carolMessageCD.toString(), fixture.daveMessageCD.toString());
        Set<Integer> notFound = Set.of(404);
        Set<Integer> refused = Set.of(403, 404);

        List<DynamicTest> tests = new ArrayList<>();
        // chat-service
        tests.add(rest("alice reads carol and dave's conversation", alice,
                Request.of("GET", "/api/chat/conversations/" + cd), notFound, cdSecrets));
        tests.add(rest("alice reads carol and dave's history", alice,
                Request.of("GET", "/api/chat/conversations/" + cd + "/messages"), notFound, cdSecrets));
        tests.add(rest("alice reads carol and dave's history after carol's message", alice,
                Request.of("GET", "/api/chat/conversations/" + cd + "/messages?after=" + fixture.carolMessageCD),
                notFound, cdSecrets));
        tests.add(rest("alice pages her own history from dave's message (before)", alice,
                Request.of("GET", "/api/chat/conversations/" + ab + "/messages?before=" + fixture.daveMessageCD),
                Set.of(200, 400, 404), cdSecrets));
        tests.add(rest("alice pages her own history from carol's message (after)", alice,
                Request.of("GET", "/api/chat/conversations/" + ab + "/messages?after=" + fixture.carolMessageCD),
                Set.of(200, 400, 404), cdSecrets));
        tests.add(rest("alice marks carol and dave's conversation read", alice,
                Request.of("POST", "/api/chat/conversations/" + cd + "/read")
                        .json(RestEndpoints.body("upTo", fixture.daveMessageCD.toString())), notFound, cdSecrets));
        tests.add(rest("alice marks her conversation read up to dave's message", alice,
                Request.of("POST", "/api/chat/conversations/" + ab + "/read")
                        .json(RestEndpoints.body("upTo", fixture.daveMessageCD.toString())), Set.of(400, 404), cdSecrets));
        tests.add(rest("alice opens a conversation with carol (not her friend)", alice,
                Request.of("POST", "/api/chat/conversations").json(RestEndpoints.body("friendId", carol.id().toString())),
                refused, cdSecrets));
        tests.add(rest("alice opens a conversation with dave (not her friend)", alice,
                Request.of("POST", "/api/chat/conversations").json(RestEndpoints.body("friendId", dave.id().toString())),
                refused, cdSecrets));
        tests.add(rest("erin reads alice and bob's conversation", erin,
                Request.of("GET", "/api/chat/conversations/" + ab + "/messages"), notFound,
                List.of(fixture.aliceMessageAB.toString(), fixture.bobMessageAB.toString())));
        // chat-service, groups: a group alice is not in does not exist for her (the same 404 as for none at all)
        UUID gab = fixture.groupAB;
        UUID gcd = fixture.groupCD;
        List<String> cdGroupSecrets = List.of("Fixture CD", dave.id().toString());
        tests.add(rest("alice reads carol and dave's group", alice,
                Request.of("GET", "/api/chat/groups/" + gcd), notFound, cdGroupSecrets));
        tests.add(rest("alice reads carol and dave's group's membership record", alice,
                Request.of("GET", "/api/chat/groups/" + gcd + "/changes"), notFound, cdGroupSecrets));
        tests.add(rest("alice adds bob (her friend) to carol and dave's group", alice,
                Request.of("POST", "/api/chat/groups/" + gcd + "/members")
                        .json(RestEndpoints.body("userId", bob.id().toString())), notFound, cdGroupSecrets));
        tests.add(rest("alice adds herself to carol and dave's group", alice,
                Request.of("POST", "/api/chat/groups/" + gcd + "/members")
                        .json(RestEndpoints.body("userId", alice.id().toString())), notFound, cdGroupSecrets));
        tests.add(rest("alice removes dave from carol and dave's group", alice,
                Request.of("DELETE", "/api/chat/groups/" + gcd + "/members/" + dave.id()), notFound, cdGroupSecrets));
        tests.add(rest("alice leaves carol and dave's group", alice,
                Request.of("POST", "/api/chat/groups/" + gcd + "/leave"), notFound, cdGroupSecrets));
        tests.add(rest("alice renames carol and dave's group", alice,
                Request.of("PUT", "/api/chat/groups/" + gcd + "/name").json(RestEndpoints.body("name", "Mine")),
                notFound, cdGroupSecrets));
        tests.add(rest("erin reads alice and bob's group", erin,
                Request.of("GET", "/api/chat/groups/" + gab), notFound, List.of("Fixture AB")));
        tests.add(rest("alice reads carol and dave's group's messages", alice,
                Request.of("GET", "/api/chat/groups/" + gcd + "/messages"), notFound, cdGroupSecrets));
        tests.add(rest("alice marks carol and dave's group read", alice,
                Request.of("POST", "/api/chat/groups/" + gcd + "/read")
                        .json(RestEndpoints.body("upTo", fixture.daveMessageCD.toString())), notFound, cdGroupSecrets));
        tests.add(rest("erin reads alice and bob's group's messages", erin,
                Request.of("GET", "/api/chat/groups/" + gab + "/messages"), notFound, List.of("Fixture AB")));
        tests.add(rest("bob (a member, not the creator) removes alice from their group", bob,
                Request.of("DELETE", "/api/chat/groups/" + gab + "/members/" + alice.id()), Set.of(403), List.of()));
        tests.add(rest("alice adds carol (not her friend) to her group", alice,
                Request.of("POST", "/api/chat/groups/" + gab + "/members")
                        .json(RestEndpoints.body("userId", carol.id().toString())), refused, List.of()));
        tests.add(rest("alice makes a group with dave (not her friend)", alice,
                Request.of("POST", "/api/chat/groups").json(RestEndpoints.group("Ours", dave.id())), refused,
                List.of()));
        // friend-service
        tests.add(rest("alice cancels carol's request to her as if she had sent it", alice,
                Request.of("DELETE", "/api/friends/requests/sent/" + fixture.requestCarolToAlice), notFound, List.of()));
        tests.add(rest("bob cancels alice's request to dave", bob,
                Request.of("DELETE", "/api/friends/requests/sent/" + fixture.requestAliceToDave), notFound, List.of()));
        tests.add(rest("bob approves carol's request (addressed to alice)", bob,
                Request.of("POST", "/api/friends/requests/received/approve").json(names(carol)), notFound, List.of()));
        tests.add(rest("bob rejects carol's request (addressed to alice)", bob,
                Request.of("POST", "/api/friends/requests/received/reject").json(names(carol)), notFound, List.of()));
        tests.add(rest("erin approves alice's request (addressed to dave)", erin,
                Request.of("POST", "/api/friends/requests/received/approve").json(names(alice)), notFound, List.of()));
        tests.add(rest("carol approves her own request to alice", carol,
                Request.of("POST", "/api/friends/requests/received/approve").json(names(alice)), notFound, List.of()));
        tests.add(rest("alice ends carol and dave's friendship (naming dave)", alice,
                Request.of("DELETE", "/api/friends/" + dave.id()), notFound, List.of()));
        tests.add(rest("alice ends carol and dave's friendship (naming carol)", alice,
                Request.of("DELETE", "/api/friends/" + carol.id()), notFound, List.of()));
        tests.add(rest("bob ends a friendship with dave that does not exist", bob,
                Request.of("DELETE", "/api/friends/" + dave.id()), notFound, List.of()));
        // presence-service
        for (TestUser stranger : List.of(carol, dave, erin)) {
            tests.add(rest("alice reads the presence of " + stranger.username() + " (not her friend)", alice,
                    Request.of("GET", "/api/presence/users/" + stranger.id()), notFound, List.of("online", "lastSeen")));
        }
        tests.add(rest("erin reads alice's presence", erin, Request.of("GET", "/api/presence/users/" + alice.id()),
                notFound, List.of("online", "lastSeen")));
        // auth-service: the user is the token's subject, whatever a request names
        tests.add(rest("alice asks for her account naming bob", alice,
                Request.of("GET", "/api/auth/me?userId=" + bob.id() + "&username=" + bob.username()), Set.of(200),
                List.of(bob.id().toString(), bob.username())));
        tests.add(rest("alice deletes her account with bob's authKey", alice,
                Request.of("DELETE", "/api/auth/account").json(RestEndpoints.body("authKey", bob.authKey())),
                Set.of(403), List.of()));
        tests.add(rest("alice changes her password with bob's authKey", alice,
                Request.of("POST", "/api/auth/password").json(RestEndpoints.body("currentAuthKey", bob.authKey())
                        .put("newAuthKey", BadValues.base64(32)).put("kdfIterations", 600_000)
                        .put("vault", BadValues.base64(80)).put("vaultVersion", 1)),
                Set.of(403), List.of()));
        tests.add(rest("alice logs in as bob with her own authKey", null,
                Request.of("POST", "/api/auth/login").json(RestEndpoints.body("username", bob.username())
                        .put("authKey", alice.authKey())), Set.of(401), List.of()));

        // chat socket, as alice (and erin)
        ProbedSocket aliceSocket = new ProbedSocket(stack, alice, fixture.aliceEnvelopeAB);
        SOCKETS.add(aliceSocket);
        tests.add(frame("alice sends from another device than her socket's", aliceSocket,
                Envelopes.send("x0", Envelopes.wellFormed(ab, alice.id(), BadValues.base64(16))),
                Set.of("device_mismatch")));
        tests.add(frame("alice sends into carol and dave's conversation", aliceSocket,
                Envelopes.send("x1", Envelopes.wellFormed(cd, alice.id(), aliceSocket.device())), Set.of("unknown_conversation")));
        tests.add(frame("alice sends into carol and dave's conversation as carol", aliceSocket,
                Envelopes.send("x2", Envelopes.wellFormed(cd, carol.id(), aliceSocket.device())), Set.of("bad_envelope")));
        tests.add(frame("alice sends into her conversation as bob", aliceSocket,
                Envelopes.send("x3", Envelopes.wellFormed(ab, bob.id(), aliceSocket.device())), Set.of("bad_envelope")));
        tests.add(frame("alice confirms delivery of dave's message in their conversation", aliceSocket,
                Envelopes.delivered(cd, fixture.daveMessageCD), Set.of("unknown_conversation")));
        tests.add(frame("alice confirms delivery of dave's message in her conversation", aliceSocket,
                Envelopes.delivered(ab, fixture.daveMessageCD), Set.of("unknown_message")));
        List<UUID> carolAndDave = List.of(carol.id(), dave.id());
        tests.add(frame("alice sends into carol and dave's group", aliceSocket,
                Envelopes.send("g1", Envelopes.wellFormedGroup(gcd, alice.id(), aliceSocket.device(), 1, carolAndDave)),
                Set.of("unknown_group")));
        tests.add(frame("alice sends into carol and dave's group as carol", aliceSocket,
                Envelopes.send("g2", Envelopes.wellFormedGroup(gcd, carol.id(), aliceSocket.device(), 1,
                        List.of(dave.id()))), Set.of("bad_envelope")));
        tests.add(frame("alice sends into her group as bob", aliceSocket,
                Envelopes.send("g3", Envelopes.wellFormedGroup(gab, bob.id(), aliceSocket.device(), 1,
                        List.of(alice.id()))), Set.of("bad_envelope")));
        tests.add(frame("alice sends into her group with a wrap for dave (not a member)", aliceSocket,
                Envelopes.send("g4", Envelopes.wellFormedGroup(gab, alice.id(), aliceSocket.device(), 1,
                        List.of(bob.id(), dave.id()))), Set.of("bad_envelope")));
        tests.add(frame("alice confirms delivery in carol and dave's group", aliceSocket,
                Envelopes.groupDelivered(gcd, fixture.daveMessageCD), Set.of("unknown_group")));
        tests.add(frame("alice types in carol and dave's group", aliceSocket,
                Envelopes.groupTyping(gcd), Set.of("unknown_group")));
        tests.add(dynamicTest("alice refreshes her socket with bob's valid token", () -> {
            ProbedSocket.Answer answer = aliceSocket.exchange(socket -> socket.sendText(Envelopes.refresh(bob.accessToken())));
            RawWebSocket.Frame close = answer.close();
            List<String> problems = close != null && close.closeCode() == SocketFuzzIT.TOKEN_REJECTED
                    ? List.of() : List.of("expected close 4003, got " + answer);
            check("another user's things", "refresh frame", "bob's token on alice's socket",
                    close == null ? answer.toString() : "close " + close.closeCode(), problems);
        }));
        tests.add(dynamicTest("erin sends into alice and bob's conversation", () -> {
            try (RawWebSocket socket = openSocket(stack, erin)) {
                socket.sendText(Envelopes.send("e1", Envelopes.wellFormed(ab, erin.id())));
                socket.sendText(Envelopes.delivered(ab, fixture.bobMessageAB));
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    RawWebSocket.Frame frame = nextSkippingNews(socket);
                    codes.add(frame == null ? "no answer" : ProbedSocket.type(frame) + " "
                            + frame.json().path("code").asText());
                }
                List<String> problems = codes.equals(List.of("error unknown_conversation", "error unknown_conversation"))
                        ? List.of() : List.of("expected two unknown_conversation errors, got " + codes);
                check("another user's things", "send and delivered frames", "erin into alice and bob's conversation",
                        String.join(" + ", codes), problems);
            }
        }));
        return tests.stream();
    }

    // ---- cross-site ----

    @TestFactory
    @Order(3)
    Stream<DynamicTest> foreignOriginsCannotUseTheRefreshCookieNorOpenASocket(SystemStack stack, Fixture fixture) {
        List<String> foreign = List.of(EVIL_ORIGIN, "null", "http://localhost:" + stack.gatewayUrl().getPort(),
                stack.webOrigin() + ".evil.example", "https://localhost");
        List<DynamicTest> tests = new ArrayList<>();
        String[] cookie = new String[1];
        tests.add(dynamicTest("alice logs in with the refresh token as a cookie", () -> {
            Answer login = gateway.send(Request.of("POST", "/api/auth/login").json(RestEndpoints
                    .body("username", fixture.alice.username()).put("authKey", fixture.alice.authKey())
                    .put("refreshTokenDelivery", "cookie")));
            assertThat(login.status()).as("login: %s", login).isEqualTo(200);
            cookie[0] = refreshCookie(login);
        }));
        for (String origin : foreign) {
            for (String path : List.of("/api/auth/session/refresh", "/api/auth/session/logout")) {
                tests.add(dynamicTest(path + " with the cookie from " + origin, () -> {
                    // As the web client sends it: the cookie, and an empty JSON object.
                    Answer answer = gateway.send(Request.of("POST", path).header("Cookie", cookie[0])
                            .header("Origin", origin).jsonBytes(EMPTY_OBJECT));
                    List<String> problems = new ArrayList<>(ErrorShape.problems(answer));
                    if (answer.status() != 403) {
                        problems.add("expected 403, got " + answer.status());
                    }
                    if (answer.header("Set-Cookie") != null && answer.header("Set-Cookie").contains("parley_refresh=")
                            && !answer.header("Set-Cookie").contains("parley_refresh=;")) {
                        problems.add("a new refresh cookie was handed out: " + answer.header("Set-Cookie"));
                    }
                    check("cross-site", "POST " + path + " (cookie)", "Origin " + origin, answer.status() + "", problems);
                }));
            }
        }
        tests.add(dynamicTest("the cookie still works from the web client's own origin", () -> {
            Answer answer = gateway.send(Request.of("POST", "/api/auth/session/refresh").header("Cookie", cookie[0])
                    .header("Origin", stack.webOrigin()).jsonBytes(EMPTY_OBJECT));
            check("cross-site", "POST /api/auth/session/refresh (cookie)", "Origin " + stack.webOrigin() + " (control)",
                    answer.status() + "", answer.status() == 200 ? List.of() : List.of("expected 200, got " + answer));
            Answer logout = gateway.send(Request.of("POST", "/api/auth/session/logout")
                    .header("Cookie", refreshCookie(answer)).header("Origin", stack.webOrigin()).jsonBytes(EMPTY_OBJECT));
            assertThat(logout.status()).as("logout: %s", logout).isEqualTo(204);
        }));
        for (String origin : foreign) {
            tests.add(dynamicTest("WebSocket upgrade with a valid token from " + origin, () -> upgradeRefused(stack,
                    "cross-site", "WebSocket upgrade (valid token)", Map.of("Authorization",
                            "Bearer " + fixture.alice.accessToken(), "Origin", origin), "", 403)));
        }
        tests.add(dynamicTest("WebSocket upgrade with the sub-protocol carrier from " + EVIL_ORIGIN, () -> upgradeRefused(
                stack, "cross-site", "WebSocket upgrade (valid token, sub-protocol)", Map.of("Sec-WebSocket-Protocol",
                        "bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%20" + fixture.alice.accessToken(),
                        "Origin", EVIL_ORIGIN), "", 403)));
        tests.add(dynamicTest("WebSocket upgrade from the web client's own origin (control)", () -> {
            RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(), socketPath(""),
                    Map.of("Authorization", "Bearer " + fixture.alice.accessToken(), "Origin", stack.webOrigin()));
            if (upgrade.socket() != null) {
                upgrade.socket().close();
            }
            check("cross-site", "WebSocket upgrade (valid token)", "Origin " + stack.webOrigin() + " (control)",
                    upgrade.status() + "", upgrade.status() == 101 ? List.of() : List.of("expected 101"));
        }));
        return tests.stream();
    }

    @Test
    @Order(4)
    void nothingAnyUserSeesChanged(SystemStack stack, Fixture fixture) {
        before.assertUnchanged(StateSnapshot.take(stack, fixture));
    }

    // ---- helpers ----

    private static DynamicTest rest(String label, TestUser actor, Request request, Set<Integer> allowed,
            List<String> secrets) {
        return dynamicTest(label, () -> {
            Answer answer = gateway.send(actor == null ? request : request.token(actor.accessToken()));
            List<String> problems = new ArrayList<>();
            if (!allowed.contains(answer.status())) {
                problems.add("expected " + allowed + ", got " + answer.status());
            }
            if (answer.status() >= 400) {
                problems.addAll(ErrorShape.problems(answer));
            }
            for (String secret : secrets) {
                if (answer.text().contains(secret)) {
                    problems.add("the answer shows " + secret);
                }
            }
            check("another user's things", request.method() + " " + request.pathAndQuery().replaceAll(
                    "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}"), label, answer.status() + "", problems);
        });
    }

    private static DynamicTest frame(String label, ProbedSocket socket, String frame, Set<String> codes) {
        return dynamicTest(label, () -> {
            ProbedSocket.Answer answer = socket.exchange(raw -> raw.sendText(frame));
            List<String> found = answer.json().stream().map(json -> json.path("type").asText() + " "
                    + json.path("code").asText()).toList();
            List<String> problems = new ArrayList<>();
            if (found.size() != 1 || !found.get(0).startsWith("error ")
                    || !codes.contains(found.get(0).substring("error ".length()))) {
                problems.add("expected an error " + codes + ", got " + answer);
            }
            if (!answer.usableAfter()) {
                problems.add("the socket did not answer a valid frame afterwards");
            }
            check("another user's things", Gateway.JSON.readTree(frame).path("type").asText() + " frame", label,
                    String.join(" + ", found), problems);
        });
    }

    private static void upgradeRefused(SystemStack stack, String category, String target, Map<String, String> headers,
            String query, int expected) {
        RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(), socketPath(query), headers);
        if (upgrade.socket() != null) {
            upgrade.socket().close();
        }
        List<String> problems = new ArrayList<>();
        if (upgrade.status() != expected) {
            problems.add("expected " + expected + ", got " + upgrade.status());
        } else {
            problems.addAll(ErrorShape.problems(upgrade.response().asAnswer()));
        }
        check(category, target, headers.containsKey("Origin") ? "Origin " + headers.get("Origin") : category,
                upgrade.status() + "", problems);
    }

    static String socketPath(String query) {
        String path = "/ws/chat?device=" + Envelopes.DEVICE;
        return query.isEmpty() ? path : path + "&" + query.substring(1);
    }

    static RawWebSocket openSocket(SystemStack stack, TestUser user) {
        return openSocket(stack, user.accessToken());
    }

    static RawWebSocket openSocket(SystemStack stack, String accessToken) {
        RawWebSocket.Upgrade upgrade = RawWebSocket.connect(stack.ssl(), stack.gatewayUrl(), socketPath(""),
                Map.of("Authorization", "Bearer " + accessToken));
        assertThat(upgrade.status()).as("upgrade: %s", upgrade.response().text()).isEqualTo(101);
        RawWebSocket.Frame ready = nextSkippingNews(upgrade.socket());
        assertThat(ProbedSocket.type(ready)).as("first frame").isEqualTo("ready");
        return upgrade.socket();
    }

    /** The next frame that is not news the server may send at any time (presence, friend changes). */
    static RawWebSocket.Frame nextSkippingNews(RawWebSocket socket) {
        while (true) {
            RawWebSocket.Frame frame = socket.next(Duration.ofSeconds(10));
            if (frame == null || !ProbedSocket.isNews(frame)) {
                return frame;
            }
        }
    }

    private static void check(String category, String target, String input, String outcome, List<String> problems) {
        LOG.record(category, target, input, outcome, problems);
        assertThat(problems).as("%s: %s → %s", target, input, outcome).isEmpty();
    }

    private static String refreshCookie(Answer answer) {
        return answer.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase("set-cookie"))
                .flatMap(entry -> entry.getValue().stream()).filter(value -> value.startsWith("parley_refresh="))
                .map(value -> value.substring(0, value.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no refresh cookie in " + answer.headers()));
    }

    private static ObjectNode names(TestUser user) {
        ObjectNode body = Gateway.JSON.createObjectNode();
        body.putArray("usernames").add(user.username());
        return body;
    }

    private static String join(String pathAndQuery, String suffix) {
        if (suffix.isEmpty()) {
            return pathAndQuery;
        }
        return pathAndQuery + (pathAndQuery.contains("?") ? "&" + suffix.substring(1) : suffix);
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> all = new LinkedHashMap<>(first);
        all.putAll(second);
        return all;
    }

}

package dev.parley.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.systemtests.BadValues.Kind;

/**
 * Every REST endpoint of auth-service, friend-service, presence-service and chat-service (their {@code rest}
 * packages), each with a request that would be accepted and change something (the base the fuzz breaks one field of)
 * and a request of the same shape that is refused for its content (the base of mutations that leave the fields as
 * they are, such as extra fields or another content type, which would otherwise simply succeed).
 */
final class RestEndpoints {

    /** The endpoint that ends every session of its actor (access tokens included) when it is accepted. */
    static final String LOGOUT_ALL = "POST /api/auth/logout-all";

    /** A JSON field of a request body. */
    record Field(String name, Kind kind, int bytes, boolean optional) {
        static Field of(String name, Kind kind) {
            return new Field(name, kind, 32, false);
        }
    }

    /**
     * One endpoint. {@code pathTemplate} has {@code {}} where a path parameter goes ({@code pathParam} is its valid
     * value), {@code query} names the query parameters a fuzz may break. {@code harmless} says which successful
     * answers are no harm (reading, or a no-op), for mutations that need not be refused.
     */
    record Endpoint(String name, String method, TestUser actor, String pathTemplate, String pathParam,
            String refusedPathParam, String query, Supplier<ObjectNode> validBody, Supplier<ObjectNode> refusedBody,
            List<Field> fields, Predicate<Gateway.Answer> harmless) {

        String validPath() {
            return path(pathParam) + (query == null ? "" : "?" + query);
        }

        String refusedPath() {
            return path(refusedPathParam) + (query == null ? "" : "?" + query);
        }

        String path(String parameter) {
            return parameter == null ? pathTemplate : pathTemplate.replace("{}", parameter);
        }

        boolean hasBody() {
            return validBody != null;
        }

        boolean authenticated() {
            return actor != null;
        }

        Gateway.Request valid() {
            return request(validPath(), validBody);
        }

        Gateway.Request refused() {
            return request(refusedPath(), refusedBody);
        }

        private Gateway.Request request(String path, Supplier<ObjectNode> body) {
            Gateway.Request request = Gateway.Request.of(method, path).token(actor == null ? null : actor.accessToken());
            return body == null ? request : request.json(body.get());
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RestEndpoints() {
    }

    /**
     * The table, in the order the fuzz runs it: endpoints that end sessions last. Account endpoints act as erin,
     * friend and chat endpoints as alice.
     */
    static List<Endpoint> all(SystemStack stack, Fixture fixture) {
        TestUser alice = fixture.alice;
        TestUser erin = fixture.erin;
        Gateway gateway = new Gateway(stack);
        String refreshToken = newSession(gateway, erin);
        String logoutToken = newSession(gateway, erin);
        long erinVault = gateway.send(Gateway.Request.of("GET", "/api/auth/me").token(erin.accessToken()))
                .json().path("vaultVersion").asLong();
        Predicate<Gateway.Answer> never = answer -> false;
        Predicate<Gateway.Answer> read = answer -> answer.status() == 200;
        Predicate<Gateway.Answer> noContent = answer -> answer.status() == 204;
        Predicate<Gateway.Answer> ownAccount = answer -> answer.status() == 200
                && erin.id().toString().equals(answer.json().path("userId").asText());

        List<Endpoint> endpoints = new ArrayList<>();
        // auth-service, public
        endpoints.add(new Endpoint("POST /api/auth/prelogin", "POST", null, "/api/auth/prelogin", null, null, null,
                () -> body("username", alice.username()), () -> body("username", alice.username()),
                List.of(Field.of("username", Kind.TEXT)),
                // any text gets the default: prelogin reveals nothing, and changes nothing
                answer -> answer.status() == 200 && answer.json().path("kdfIterations").asInt() == 600_000));
        endpoints.add(new Endpoint("POST /api/auth/signup", "POST", null, "/api/auth/signup", null, null, null,
                () -> signUp(fixture.freshUsername("Fz")), () -> signUp(alice.username()),
                List.of(Field.of("username", Kind.TEXT), Field.of("authKey", Kind.KEY),
                        Field.of("kdfIterations", Kind.INTEGER), Field.of("publicKey", Kind.KEY),
                        Field.of("vault", Kind.BLOB)),
                never));
        endpoints.add(new Endpoint("POST /api/auth/login", "POST", null, "/api/auth/login", null, null, null,
                () -> body("username", alice.username()).put("authKey", alice.authKey()).put("refreshTokenDelivery", "body"),
                () -> body("username", alice.username()).put("authKey", BadValues.base64(32)),
                List.of(Field.of("username", Kind.TEXT), Field.of("authKey", Kind.KEY),
                        new Field("refreshTokenDelivery", Kind.TEXT, 0, true)),
                never));
        endpoints.add(new Endpoint("POST /api/auth/session/refresh", "POST", null, "/api/auth/session/refresh", null,
                null, null, () -> body("refreshToken", refreshToken), () -> body("refreshToken", BadValues.base64(32)),
                List.of(Field.of("refreshToken", Kind.TOKEN)), never));
        endpoints.add(new Endpoint("POST /api/auth/session/logout", "POST", null, "/api/auth/session/logout", null, null,
                null, () -> body("refreshToken", logoutToken), () -> body("refreshToken", BadValues.base64(32)),
                List.of(Field.of("refreshToken", Kind.TOKEN)),
                // ending a session nobody has is a no-op
                noContent));
        // auth-service, signed in (as erin: a fuzz that got through would only hurt her account)
        endpoints.add(new Endpoint("GET /api/auth/me", "GET", erin, "/api/auth/me", null, null, null, null, null,
                List.of(), ownAccount));
        endpoints.add(new Endpoint("GET /api/auth/public-keys", "GET", erin, "/api/auth/public-keys", null, null,
                "username=" + alice.username(), null, null, List.of(), read));
        endpoints.add(new Endpoint("PUT /api/auth/vault", "PUT", erin, "/api/auth/vault", null, null, null,
                () -> body("vault", BadValues.base64(64)).put("expectedVersion", erinVault),
                () -> body("vault", BadValues.base64(64)).put("expectedVersion", erinVault + 1000),
                List.of(Field.of("vault", Kind.BLOB), Field.of("expectedVersion", Kind.INTEGER)), never));
        endpoints.add(new Endpoint("POST /api/auth/password", "POST", erin, "/api/auth/password", null, null, null,
                () -> changePassword(erin.authKey(), erinVault), () -> changePassword(BadValues.base64(32), erinVault),
                List.of(Field.of("currentAuthKey", Kind.KEY), Field.of("newAuthKey", Kind.KEY),
                        Field.of("kdfIterations", Kind.INTEGER), Field.of("vault", Kind.BLOB),
                        Field.of("vaultVersion", Kind.INTEGER)),
                never));
        endpoints.add(new Endpoint("DELETE /api/auth/account", "DELETE", erin, "/api/auth/account", null, null, null,
                () -> body("authKey", erin.authKey()), () -> body("authKey", BadValues.base64(32)),
                List.of(Field.of("authKey", Kind.KEY)), never));
        // friend-service
        endpoints.add(new Endpoint("POST /api/friends/requests", "POST", alice, "/api/friends/requests", null, null,
                null, () -> body("username", erin.username()), () -> body("username", alice.username()),
                List.of(Field.of("username", Kind.TEXT)), never));
        endpoints.add(new Endpoint("GET /api/friends/requests/sent", "GET", alice, "/api/friends/requests/sent", null,
                null, null, null, null, List.of(), read));
        endpoints.add(new Endpoint("DELETE /api/friends/requests/sent/{requestId}", "DELETE", alice,
                "/api/friends/requests/sent/{}", fixture.requestAliceToDave.toString(),
                fixture.requestCarolToAlice.toString(), null, null, null, List.of(), never));
        endpoints.add(new Endpoint("GET /api/friends/requests/received", "GET", alice,
                "/api/friends/requests/received", null, null, null, null, null, List.of(), read));
        for (String decision : List.of("approve", "reject")) {
            endpoints.add(new Endpoint("POST /api/friends/requests/received/" + decision, "POST", alice,
                    "/api/friends/requests/received/" + decision, null, null, null,
                    () -> names(fixture.carol.username()), () -> names(erin.username()),
                    List.of(Field.of("usernames", Kind.NAME_LIST)), never));
        }
        endpoints.add(new Endpoint("GET /api/friends", "GET", alice, "/api/friends", null, null, null, null, null,
                List.of(), read));
        endpoints.add(new Endpoint("DELETE /api/friends/{userId}", "DELETE", alice, "/api/friends/{}",
                fixture.bob.id().toString(), erin.id().toString(), null, null, null, List.of(), never));
        // presence-service
        endpoints.add(new Endpoint("GET /api/presence/friends", "GET", alice, "/api/presence/friends", null, null,
                null, null, null, List.of(), read));
        endpoints.add(new Endpoint("GET /api/presence/users/{userId}", "GET", alice, "/api/presence/users/{}",
                fixture.bob.id().toString(), fixture.bob.id().toString(), null, null, null, List.of(), read));
        // chat-service
        endpoints.add(new Endpoint("GET /api/chat/conversations", "GET", alice, "/api/chat/conversations", null, null,
                null, null, null, List.of(), read));
        endpoints.add(new Endpoint("POST /api/chat/conversations", "POST", alice, "/api/chat/conversations", null,
                null, null, () -> body("friendId", fixture.bob.id().toString()),
                () -> body("friendId", erin.id().toString()), List.of(Field.of("friendId", Kind.UUID)),
                // opening the conversation that exists returns it and creates nothing
                answer -> answer.status() == 200
                        && fixture.conversationAB.toString().equals(answer.json().path("id").asText())));
        endpoints.add(new Endpoint("GET /api/chat/conversations/{id}", "GET", alice, "/api/chat/conversations/{}",
                fixture.conversationAB.toString(), fixture.conversationAB.toString(), null, null, null, List.of(), read));
        endpoints.add(new Endpoint("GET /api/chat/conversations/{id}/messages", "GET", alice,
                "/api/chat/conversations/{}/messages", fixture.conversationAB.toString(),
                fixture.conversationAB.toString(), "limit=50", null, null, List.of(), read));
        endpoints.add(new Endpoint("POST /api/chat/conversations/{id}/read", "POST", alice,
                "/api/chat/conversations/{}/read", fixture.conversationAB.toString(), fixture.conversationAB.toString(),
                null, () -> body("upTo", fixture.bobMessageAB.toString()), () -> body("upTo", UUID.randomUUID().toString()),
                List.of(Field.of("upTo", Kind.UUID)), never));
        // chat-service, groups. A group's name is free text: a name the fuzz makes of odd but allowed characters
        // creates a group of alice and bob, or renames the fuzz's own group, which is no harm. The fixture's groups
        // (in the state snapshot) are only ever named in requests that are refused or never sent as they are.
        UUID fuzzGroup = aliceAloneInAGroup(stack, fixture);
        String groupAB = fixture.groupAB.toString();
        String groupCD = fixture.groupCD.toString();
        endpoints.add(new Endpoint("GET /api/chat/groups", "GET", alice, "/api/chat/groups", null, null, null, null,
                null, List.of(), read));
        endpoints.add(new Endpoint("POST /api/chat/groups", "POST", alice, "/api/chat/groups", null, null, null,
                () -> group("Fuzz group", fixture.bob.id()), () -> group("Fuzz group", erin.id()),
                List.of(Field.of("name", Kind.TEXT), Field.of("members", Kind.NAME_LIST)),
                answer -> answer.status() == 201 && answer.json().path("members").size() == 2
                        && alice.id().toString().equals(answer.json().path("creatorId").asText())));
        endpoints.add(new Endpoint("GET /api/chat/groups/{id}", "GET", alice, "/api/chat/groups/{}", groupAB,
                groupCD, null, null, null, List.of(), read));
        endpoints.add(new Endpoint("GET /api/chat/groups/{id}/changes", "GET", alice, "/api/chat/groups/{}/changes",
                groupAB, groupCD, "limit=50", null, null, List.of(), read));
        endpoints.add(new Endpoint("GET /api/chat/groups/{id}/messages", "GET", alice, "/api/chat/groups/{}/messages",
                groupAB, groupCD, "limit=50", null, null, List.of(), read));
        // The fixture's groups hold no messages: even the base names none (a 1:1 message), so every request is
        // refused and no read marker moves.
        endpoints.add(new Endpoint("POST /api/chat/groups/{id}/read", "POST", alice, "/api/chat/groups/{}/read",
                groupAB, groupCD, null, () -> body("upTo", fixture.bobMessageAB.toString()),
                () -> body("upTo", UUID.randomUUID().toString()), List.of(Field.of("upTo", Kind.UUID)), never));
        endpoints.add(new Endpoint("POST /api/chat/groups/{id}/members", "POST", alice,
                "/api/chat/groups/{}/members", fuzzGroup.toString(), groupCD, null,
                () -> body("userId", fixture.bob.id().toString()), () -> body("userId", erin.id().toString()),
                List.of(Field.of("userId", Kind.UUID)), never));
        endpoints.add(new Endpoint("DELETE /api/chat/groups/{id}/members/{userId}", "DELETE", alice,
                "/api/chat/groups/{}/members/" + fixture.bob.id(), groupAB, groupCD, null, null, null, List.of(),
                never));
        endpoints.add(new Endpoint("POST /api/chat/groups/{id}/leave", "POST", alice, "/api/chat/groups/{}/leave",
                groupAB, groupCD, null, null, null, List.of(), never));
        endpoints.add(new Endpoint("PUT /api/chat/groups/{id}/name", "PUT", alice, "/api/chat/groups/{}/name",
                fuzzGroup.toString(), groupCD, null, () -> body("name", "Fuzz group"), () -> body("name", "Fuzz group"),
                List.of(Field.of("name", Kind.TEXT)),
                answer -> answer.status() == 200 && fuzzGroup.toString().equals(answer.json().path("id").asText())));
        // last, and by a user of its own: it ends every session, and since sessions end for their access tokens too
        // (session-revocations), erin's would leave the later tests signed out.
        TestUser leaver = TestUser.signUp(stack, fixture.freshUsername("leaver"));
        endpoints.add(new Endpoint(LOGOUT_ALL, "POST", leaver, "/api/auth/logout-all", null, null, null,
                null, null, List.of(), noContent));
        return endpoints;
    }

    /** A group body: its name and the members besides the creator. */
    static ObjectNode group(String name, UUID member) {
        ObjectNode group = body("name", name);
        group.putArray("members").add(member.toString());
        return group;
    }

    /** A group of alice's that bob has left (its creator removed him): adding him back or renaming it is harmless. */
    private static UUID aliceAloneInAGroup(SystemStack stack, Fixture fixture) {
        UUID group = Fixture.createGroup(stack, fixture.alice, "Fuzz group", fixture.bob);
        stack.api().call("DELETE", "/api/chat/groups/" + group + "/members/" + fixture.bob.id(),
                fixture.alice.accessToken(), null, Map.class);
        return group;
    }

    /** A session of the user's besides the fixture's (logging in with the authKey, no password derivation). */
    static String newSession(Gateway gateway, TestUser user) {
        Gateway.Answer answer = gateway.send(Gateway.Request.of("POST", "/api/auth/login")
                .json(body("username", user.username()).put("authKey", user.authKey())));
        if (answer.status() != 200) {
            throw new IllegalStateException("Could not log " + user + " in again: " + answer);
        }
        return answer.json().path("refreshToken").asText();
    }

    static ObjectNode body(String field, String value) {
        return NODES.objectNode().put(field, value);
    }

    private static ObjectNode signUp(String username) {
        return body("username", username).put("authKey", BadValues.base64(32)).put("kdfIterations", 600_000)
                .put("publicKey", BadValues.base64(32)).put("vault", BadValues.base64(100));
    }

    private static ObjectNode changePassword(String currentAuthKey, long vaultVersion) {
        return body("currentAuthKey", currentAuthKey).put("newAuthKey", BadValues.base64(32))
                .put("kdfIterations", 600_000).put("vault", BadValues.base64(100)).put("vaultVersion", vaultVersion);
    }

    private static ObjectNode names(String username) {
        ObjectNode body = NODES.objectNode();
        body.putArray("usernames").add(username);
        return body;
    }
}

package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
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
import dev.parley.systemtests.RestEndpoints.Field;

/**
 * Bad input on every REST endpoint, through the gateway: a table of endpoints ({@link RestEndpoints}) × mutations
 * of the body as a whole, of each field ({@link BadValues}), of path and query parameters, and of the method. Every
 * answer must be a 4xx in the one error shape, showing nothing of the inside (or, where the input may be harmless,
 * such as junk on a read, a success that changes nothing), and after the whole run nothing any user can see has
 * changed and no fuzzed sign-up made an account.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestFuzzIT {

    /** The gateway's max-request-body-size. */
    static final int BODY_LIMIT = 256 * 1024;

    /** What a case must get. */
    enum Expect {
        REFUSED,
        /** A refusal, or a success the endpoint's {@code harmless} test accepts. */
        REFUSED_OR_HARMLESS,
        /** The gateway's 413. */
        TOO_LARGE,
        /**
         * The gateway's 413, or, for an endpoint that reads no body, its answer to the request (it may answer before
         * the gateway has counted a streamed body past the limit, and it never saw the rest).
         */
        TOO_LARGE_OR_HARMLESS
    }

    /** {@code sameAs}: the label of a case of the same endpoint whose status this one must have (null: none). */
    record Case(String category, Endpoint endpoint, String label, Request request, Expect expect, String sameAs) {
        Case(String category, Endpoint endpoint, String label, Request request, Expect expect) {
            this(category, endpoint, label, request, expect, null);
        }
    }

    static final String MALFORMED = "malformed JSON";
    static final String TOP_LEVEL = "wrong JSON type of the body";
    static final String EMPTY_BODY = "empty body";
    static final String EXTRA = "extra fields (mass assignment)";
    static final String DUPLICATE = "duplicate keys";
    static final String NESTED = "deeply nested JSON (10,000 levels)";
    static final String INVALID_UTF8 = "invalid UTF-8 bytes";
    static final String RAW_CONTROL = "raw control characters in JSON";
    static final String OVER_LIMIT = "body over 256 KiB";
    static final String UNDER_LIMIT = "body just under 256 KiB";
    static final String STREAMED = "small body with and without a length";
    static final String CONTENT_TYPE = "wrong or no Content-Type";
    static final String UNEXPECTED_BODY = "body where none is expected";
    static final String PATH = "bad path parameters";
    static final String QUERY = "bad query parameters";
    static final String METHOD = "wrong method";

    private static final CaseLog LOG = new CaseLog("RestFuzzIT");
    private static final Set<String> SIGNUP_NAMES = new TreeSet<>();
    /** The status of each case, by endpoint and label, for cases that must answer the same. */
    private static final Map<String, Integer> STATUSES = new HashMap<>();
    private static List<Endpoint> endpoints;
    private static StateSnapshot before;
    private static Gateway gateway;

    @BeforeAll
    static void takeSnapshot(SystemStack stack, Fixture fixture) {
        gateway = new Gateway(stack);
        endpoints = RestEndpoints.all(stack, fixture);
        before = StateSnapshot.take(stack, fixture);
    }

    @AfterAll
    static void writeReport() {
        LOG.write();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicContainer> everyEndpointRefusesBadInput(Fixture fixture) {
        return endpoints.stream().map(endpoint -> dynamicContainer(endpoint.name(),
                cases(endpoint, fixture).stream().map(c -> dynamicTest(c.category() + ": " + c.label(), () -> run(c)))));
    }

    @Test
    @Order(2)
    void theFuzzChangedNothingAnyUserSees(SystemStack stack, Fixture fixture) {
        StateSnapshot after = StateSnapshot.take(stack, fixture);
        before.assertUnchanged(after);
    }

    @Test
    @Order(3)
    void noFuzzedSignUpMadeAnAccount(Fixture fixture) {
        List<String> made = new ArrayList<>();
        for (String username : SIGNUP_NAMES) {
            Answer answer = gateway.send(Request.of("GET", "/api/auth/public-keys?username=" + username)
                    .token(fixture.alice.accessToken()));
            if (answer.status() != 404) {
                made.add(username + ": " + answer);
            }
        }
        System.out.println("Checked " + SIGNUP_NAMES.size() + " usernames of fuzzed sign-ups: none exists");
        assertThat(made).as("accounts made by fuzzed sign-ups").isEmpty();
    }

    private static void run(Case c) {
        String target = c.endpoint().name();
        Optional<KnownBug> changingState = KnownBug.changingStateIn(target, c.category(), c.label());
        if (changingState.isPresent()) {
            LOG.record(c.category(), target, c.label(), "not sent", List.of(changingState.get().name()),
                    changingState.get());
            Assumptions.abort(changingState.get().reason());
        }
        String outcome;
        List<String> problems;
        String answerText;
        try {
            Answer answer = gateway.send(c.request());
            outcome = String.valueOf(answer.status());
            problems = new ArrayList<>(judge(c.expect(), c.endpoint(), answer));
            answerText = answer.toString();
            STATUSES.put(target + " " + c.label(), answer.status());
            Integer reference = c.sameAs() == null ? null : STATUSES.get(target + " " + c.sameAs());
            if (reference != null && reference != answer.status()
                    && !sessionsEndedBefore(target, reference, answer.status())) {
                problems.add("answered " + answer.status() + " where the same body with a Content-Length got "
                        + reference);
            }
        } catch (UncheckedIOException e) {
            outcome = "no answer";
            problems = List.of("no answer: " + e.getCause());
            answerText = outcome;
        }
        Optional<KnownBug> bug = problems.isEmpty() ? Optional.empty()
                : KnownBug.explaining(target, c.category(), c.label(), outcome);
        LOG.record(c.category(), target, c.label(), outcome, problems, bug.orElse(null));
        if (bug.isPresent()) {
            Assumptions.abort(bug.get().reason() + " (" + answerText + ")");
        }
        assertThat(problems).as("%s %s with %s → %s", c.endpoint().method(),
                Gateway.abbreviate(c.request().pathAndQuery()), c.label(), answerText).isEmpty();
    }

    /**
     * logout-all, once accepted, ends every session of its actor, and the gateway refuses the access token as soon as
     * that revocation reaches it (session-revocations): a later case of it may then be answered 401 before its body is
     * read, however the body came. That case can say nothing about streamed bodies; it is no difference between them.
     */
    static boolean sessionsEndedBefore(String target, int reference, int status) {
        return target.equals(RestEndpoints.LOGOUT_ALL) && reference / 100 == 2 && status == 401;
    }

    static List<String> judge(Expect expect, Endpoint endpoint, Answer answer) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status >= 500) {
            problems.add("server error " + status);
        } else if (expect == Expect.TOO_LARGE && status != 413) {
            problems.add("expected the gateway's 413, got " + status);
        } else if (status < 400 && !((expect == Expect.REFUSED_OR_HARMLESS || expect == Expect.TOO_LARGE_OR_HARMLESS)
                && endpoint.harmless().test(answer))) {
            problems.add("accepted (" + status + ")");
        }
        if (status >= 400) {
            problems.addAll(ErrorShape.problems(answer));
        }
        return problems;
    }

    // ---- the table of cases ----

    static List<Case> cases(Endpoint endpoint, Fixture fixture) {
        List<Case> cases = new ArrayList<>();
        if (endpoint.hasBody()) {
            cases.addAll(wholeBodyCases(endpoint));
            for (Field field : endpoint.fields()) {
                cases.addAll(fieldCases(endpoint, field));
            }
        } else {
            cases.addAll(unexpectedBodyCases(endpoint));
        }
        if (endpoint.pathParam() != null) {
            cases.addAll(pathCases(endpoint));
        }
        cases.addAll(queryCases(endpoint, fixture));
        cases.add(new Case(METHOD, endpoint, "PATCH", Request.of("PATCH", endpoint.validPath())
                .token(token(endpoint)).jsonBytes(endpoint.hasBody() ? utf8(endpoint.validBody().get().toString())
                        : utf8("{}")), Expect.REFUSED));
        if (endpoint.name().equals("POST /api/auth/signup")) {
            Set<String> existing = fixture.users().stream().map(TestUser::username).collect(Collectors.toSet());
            cases.stream().filter(c -> KnownBug.changingStateIn(endpoint.name(), c.category(), c.label()).isEmpty())
                    .forEach(c -> rememberSignUpName(c.request(), existing));
        }
        return cases;
    }

    /** Mutations of the body as a whole. Those that keep every field as it is break the refused base. */
    private static List<Case> wholeBodyCases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        Request valid = endpoint.valid();
        Request refused = endpoint.refused();
        String field = endpoint.fields().get(0).name();
        byte[] refusedJson = refused.body();

        cases.add(new Case(EMPTY_BODY, endpoint, "no bytes, Content-Type: application/json",
                valid.jsonBytes(new byte[0]), Expect.REFUSED_OR_HARMLESS));
        for (String malformed : List.of("{", "{\"" + field + "\":", "not json", "{\"" + field + "\":\"x\",}",
                "{'" + field + "':'x'}", "{}}", "{\"" + field + "\":\"x\"}{\"" + field + "\":\"y\"}")) {
            cases.add(new Case(MALFORMED, endpoint, malformed, valid.jsonBytes(utf8(malformed)), Expect.REFUSED));
        }
        for (String topLevel : List.of("[]", "\"text\"", "42", "null", "true")) {
            cases.add(new Case(TOP_LEVEL, endpoint, topLevel, valid.jsonBytes(utf8(topLevel)),
                    Expect.REFUSED_OR_HARMLESS));
        }
        cases.add(new Case(BadValues.MISSING, endpoint, "{} (every field left out)", valid.jsonBytes(utf8("{}")),
                Expect.REFUSED_OR_HARMLESS));

        ObjectNode extra = endpoint.refusedBody().get();
        UUID someoneElse = UUID.randomUUID();
        extra.put("userId", someoneElse.toString()).put("id", someoneElse.toString()).put("sub", someoneElse.toString())
                .put("admin", true).put("role", "admin").putObject("__proto__").put("admin", true);
        extra.putObject("constructor").putObject("prototype").put("admin", true);
        cases.add(new Case(EXTRA, endpoint, "userId, id, sub, admin, role, __proto__, constructor",
                refused.json(extra), Expect.REFUSED_OR_HARMLESS));

        // The valid value first, the refused one last: the service must read them as one value, consistently.
        String refusedText = new String(refusedJson, StandardCharsets.UTF_8);
        String duplicated = "{\"" + field + "\":" + valid.bodyField(field) + "," + refusedText.substring(1);
        cases.add(new Case(DUPLICATE, endpoint, field + " twice", refused.jsonBytes(utf8(duplicated)),
                Expect.REFUSED_OR_HARMLESS));

        cases.add(new Case(NESTED, endpoint, "10,000 nested arrays",
                valid.jsonBytes(utf8("[".repeat(10_000) + "]".repeat(10_000))), Expect.REFUSED));
        cases.add(new Case(NESTED, endpoint, "10,000 nested objects in " + field, valid.jsonBytes(utf8(
                "{\"" + field + "\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}")), Expect.REFUSED));

        cases.add(new Case(INVALID_UTF8, endpoint, "bytes C3 28 inside a string",
                refused.jsonBytes(insideFirstString(refusedJson, new byte[] { (byte) 0xc3, 0x28 })), Expect.REFUSED));
        cases.add(new Case(INVALID_UTF8, endpoint, "bytes FF FE FD as the body",
                valid.jsonBytes(new byte[] { (byte) 0xff, (byte) 0xfe, (byte) 0xfd }), Expect.REFUSED));
        cases.add(new Case(INVALID_UTF8, endpoint, "overlong encoding C0 AF inside a string",
                refused.jsonBytes(insideFirstString(refusedJson, new byte[] { (byte) 0xc0, (byte) 0xaf })), Expect.REFUSED));
        cases.add(new Case(RAW_CONTROL, endpoint, "raw 0x01 and newline inside a string",
                refused.jsonBytes(insideFirstString(refusedJson, new byte[] { 0x01, '\n' })), Expect.REFUSED));
        cases.add(new Case(RAW_CONTROL, endpoint, "raw NUL byte inside a string",
                refused.jsonBytes(insideFirstString(refusedJson, new byte[] { 0x00 })), Expect.REFUSED));

        cases.addAll(sizeCases(endpoint, valid.jsonBytes(padded(endpoint.validBody().get(), 300_000)), refused,
                refused.jsonBytes(padded(endpoint.refusedBody().get(), BODY_LIMIT - 512)), Expect.TOO_LARGE));

        cases.add(new Case(CONTENT_TYPE, endpoint, "text/plain", refused.header("Content-Type", "text/plain"),
                Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(CONTENT_TYPE, endpoint, "no Content-Type", refused.withoutHeader("Content-Type"),
                Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(CONTENT_TYPE, endpoint, "form-urlencoded",
                refused.header("Content-Type", "application/x-www-form-urlencoded").body(utf8(field + "=x&admin=true")),
                Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(CONTENT_TYPE, endpoint, "application/xml",
                refused.header("Content-Type", "application/xml").body(utf8("<" + field + ">x</" + field + ">")),
                Expect.REFUSED_OR_HARMLESS));
        return cases;
    }

    /**
     * Bodies over the gateway's limit, announced (Content-Length) or streamed (HTTP/1.1 chunked, HTTP/2 without a
     * length); and a small body and one just under the limit the same three ways: a streamed body must reach the
     * service like an announced one, so all three get the same answer.
     */
    private static List<Case> sizeCases(Endpoint endpoint, Request over, Request small, Request under,
            Expect streamedOver) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(OVER_LIMIT, endpoint, "300,000 bytes, Content-Length (HTTP/2)", over, Expect.TOO_LARGE));
        cases.add(new Case(OVER_LIMIT, endpoint, "300,000 bytes, no length (HTTP/2)", over.withoutLength(), streamedOver));
        cases.add(new Case(OVER_LIMIT, endpoint, "300,000 bytes, chunked (HTTP/1.1)", over.withoutLength().overHttp1(),
                streamedOver));
        for (Request request : List.of(small, under)) {
            String category = request == small ? STREAMED : UNDER_LIMIT;
            String size = String.format("%,d bytes", request.body().length);
            String announced = size + ", Content-Length (HTTP/2)";
            cases.add(new Case(category, endpoint, announced, request, Expect.REFUSED_OR_HARMLESS));
            cases.add(new Case(category, endpoint, size + ", no length (HTTP/2)", request.withoutLength(),
                    Expect.REFUSED_OR_HARMLESS, announced));
            cases.add(new Case(category, endpoint, size + ", chunked (HTTP/1.1)", request.withoutLength().overHttp1(),
                    Expect.REFUSED_OR_HARMLESS, announced));
        }
        return cases;
    }

    /** One field of the valid body replaced by each bad value (or left out). */
    private static List<Case> fieldCases(Endpoint endpoint, Field field) {
        List<Case> cases = new ArrayList<>();
        ObjectNode sample = endpoint.validBody().get();
        for (BadValues.Value value : BadValues.of(field.kind(), sample.get(field.name()), field.bytes(), field.optional())) {
            ObjectNode body = endpoint.validBody().get();
            if (value.node() == null) {
                body.remove(field.name());
            } else {
                body.set(field.name(), value.node());
            }
            cases.add(new Case(value.category(), endpoint, field.name() + ": " + value.label(),
                    Request.of(endpoint.method(), endpoint.validPath()).token(token(endpoint)).json(body),
                    Expect.REFUSED_OR_HARMLESS));
        }
        return cases;
    }

    /** Bodies sent to endpoints that take none, on the refused request (a read, or a change that is refused). */
    private static List<Case> unexpectedBodyCases(Endpoint endpoint) {
        Request refused = endpoint.refused();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(UNEXPECTED_BODY, endpoint, "malformed JSON", refused.jsonBytes(utf8("{\"a\":")),
                Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(UNEXPECTED_BODY, endpoint, "10,000 nested arrays",
                refused.jsonBytes(utf8("[".repeat(10_000) + "]".repeat(10_000))), Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(UNEXPECTED_BODY, endpoint, "invalid UTF-8 bytes",
                refused.jsonBytes(new byte[] { '"', (byte) 0xff, (byte) 0xfe, '"' }), Expect.REFUSED_OR_HARMLESS));
        cases.add(new Case(UNEXPECTED_BODY, endpoint, "userId of someone else",
                refused.json(RestEndpoints.body("userId", UUID.randomUUID().toString())), Expect.REFUSED_OR_HARMLESS));
        cases.addAll(sizeCases(endpoint, refused.jsonBytes(padded(RestEndpoints.body("a", "b"), 300_000)),
                refused.jsonBytes(utf8("{\"a\":\"b\"}")),
                refused.jsonBytes(padded(RestEndpoints.body("a", "b"), BODY_LIMIT - 512)), Expect.TOO_LARGE_OR_HARMLESS));
        return cases;
    }

    /** Path parameters that name nothing, or try to leave the path. Percent-encoded as a client would send them. */
    private static List<Case> pathCases(Endpoint endpoint) {
        UUID valid = UUID.fromString(endpoint.pathParam());
        List<String> values = List.of("not-a-uuid", "%27%20OR%201%3D1%20--", "%22%3B%20DROP%20TABLE%20friendship%3B",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "abc%00def", "%C3%28", "%E2%80%AEabc", "..%2F..%2Fauth%2Fme",
                "%2e%2e", "%20", new UUID(0, 0).toString(), UUID.randomUUID().toString(), valid + "0",
                valid.toString().replace("-", ""), "%7B" + valid + "%7D", "-1", "A".repeat(300), "A".repeat(5000));
        List<Case> cases = new ArrayList<>();
        for (String value : values) {
            Request request = Request.of(endpoint.method(), endpoint.path(value)
                    + (endpoint.query() == null ? "" : "?" + endpoint.query())).token(token(endpoint));
            if (endpoint.hasBody()) {
                request = request.json(endpoint.validBody().get());
            }
            cases.add(new Case(PATH, endpoint, Gateway.abbreviate(value), request, Expect.REFUSED));
        }
        return cases;
    }

    private static List<Case> queryCases(Endpoint endpoint, Fixture fixture) {
        List<Case> cases = new ArrayList<>();
        String path = endpoint.path(endpoint.pathParam());
        if (endpoint.name().equals("GET /api/chat/conversations/{id}/messages")) {
            for (String query : List.of("limit=-1", "limit=0", "limit=201", "limit=99999", "limit=abc", "limit=1.5",
                    "limit=2147483648", "before=not-a-uuid", "after=not-a-uuid",
                    "before=%27%20OR%201%3D1%20--", "after=%3Cscript%3E", "before=" + fixture.bobMessageAB + "&after="
                            + fixture.aliceMessageAB, "before=" + "A".repeat(3000))) {
                cases.add(new Case(QUERY, endpoint, Gateway.abbreviate(query),
                        Request.of("GET", path + "?" + query).token(token(endpoint)), Expect.REFUSED));
            }
            // An empty or repeated parameter, or a cursor naming no message: a page of this conversation or a refusal.
            for (String query : List.of("limit=", "limit=1&limit=500", "before=" + UUID.randomUUID(),
                    "after=" + UUID.randomUUID())) {
                cases.add(new Case(QUERY, endpoint, query,
                        Request.of("GET", path + "?" + query).token(token(endpoint)), Expect.REFUSED_OR_HARMLESS));
            }
        } else if (endpoint.name().equals("GET /api/auth/public-keys")) {
            for (String query : List.of("", "username=", "username=%20%20", "username=%27%20OR%201%3D1%20--",
                    "username=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "username=abc%00def", "username=%C3%28",
                    "username=" + fixture.alice.username() + "%00", "username=%EF%BD%81%EF%BD%8C%EF%BD%89",
                    "username=" + "a".repeat(3000), "username%5B%5D=" + fixture.alice.username(),
                    "username=..%2F..%2Fme")) {
                cases.add(new Case(QUERY, endpoint, query.isEmpty() ? "(no query)" : Gateway.abbreviate(query),
                        Request.of("GET", path + (query.isEmpty() ? "" : "?" + query)).token(token(endpoint)),
                        Expect.REFUSED));
            }
        } else if (endpoint.method().equals("GET")) {
            // Reads take no parameters: naming someone else, or paging oddly, must not change what is read.
            String query = "userId=" + fixture.bob.id() + "&username=" + fixture.bob.username()
                    + "&limit=-1&before=x&__proto__=1";
            cases.add(new Case(QUERY, endpoint, "userId and username of someone else, junk",
                    Request.of("GET", path + "?" + query).token(token(endpoint)), Expect.REFUSED_OR_HARMLESS));
        }
        return cases;
    }

    // ---- helpers ----

    private static String token(Endpoint endpoint) {
        return endpoint.actor() == null ? null : endpoint.actor().accessToken();
    }

    private static void rememberSignUpName(Request request, Set<String> existing) {
        if (request.body() == null) {
            return;
        }
        try {
            String username = Gateway.JSON.readTree(request.body()).path("username").asText("");
            if (username.matches("[A-Za-z0-9]{5,32}") && !existing.contains(username)) {
                synchronized (SIGNUP_NAMES) {
                    SIGNUP_NAMES.add(username);
                }
            }
        } catch (Exception e) {
            // not JSON: it names no one
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body with a "padding" field that brings it to exactly {@code size} bytes. */
    static byte[] padded(ObjectNode body, int size) {
        body.put("padding", "");
        int room = size - body.toString().getBytes(StandardCharsets.UTF_8).length;
        body.put("padding", "A".repeat(room));
        return utf8(body.toString());
    }

    /** The JSON with raw bytes put just after the opening quote of its first string value. */
    static byte[] insideFirstString(byte[] json, byte[] raw) {
        String text = new String(json, StandardCharsets.UTF_8);
        int colon = text.indexOf(":\"");
        int at = colon < 0 ? text.indexOf('"') + 1 : colon + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at)));
        out.writeBytes(raw);
        out.writeBytes(utf8(text.substring(at)));
        return out.toByteArray();
    }
}

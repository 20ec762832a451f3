package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.systemtests.BadValues.Kind;

/**
 * Bad frames on the chat socket, as alice, through the gateway: frames that are not JSON objects or not frames at
 * all (invalid UTF-8, binary, oversized), unknown types, and every field of {@code send}, {@code delivered} and
 * {@code refresh} broken in turn ({@link BadValues}). Each must get an {@code error} frame with a documented code, or
 * a documented close (4003 for a refresh with a bad token, RFC 6455's codes for frames that break the protocol), and
 * the socket must answer a valid frame afterwards (or a new one must open). After the run nothing any user can see
 * has changed: no message stored, no delivery or read mark moved.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocketFuzzIT {

    /** chat-service's README: the codes of error frames. server_error ("anything else") is a failure here. */
    static final Set<String> DOCUMENTED_CODES = Set.of("not_a_friend", "unknown_conversation", "bad_envelope",
            "too_large", "rate_limited", "overloaded", "bad_frame", "unknown_message", "device_mismatch",
            "unknown_group", "stale_epoch");
    /**
     * RFC 6455 §7.4.1: protocol error, unacceptable data, invalid payload (e.g. UTF-8), message too big, and 1006 when
     * the server drops the connection without a close frame (which Quarkus does after a corrupted frame).
     */
    static final Set<Integer> PROTOCOL_CLOSE_CODES = Set.of(1002, 1003, 1006, 1007, 1009);
    /** chat-service closes a socket whose in-band refresh carries a token it does not take. */
    static final int TOKEN_REJECTED = 4003;

    static final String NOT_AN_OBJECT = "frames that are not JSON objects";
    static final String NOT_TEXT = "frames that break the protocol";
    static final String UNKNOWN_TYPE = "unknown frame types";
    static final String EXTRA = "extra fields";

    /** What a frame may get besides a documented error frame. */
    enum Allowed {
        ERROR_ONLY,
        /** a resend of a stored message: the stored message's ack, nothing new */
        DUPLICATE_ACK,
        /** a delivered frame for what is delivered already: no answer */
        NO_ANSWER,
        /** a refresh with a bad token: close 4003 */
        TOKEN_CLOSE,
        /** a refresh with the user's own token and more fields: accepted */
        REFRESHED,
        /** a frame that breaks RFC 6455: a protocol close code, or it is ignored or refused like a bad frame */
        PROTOCOL_CLOSE
    }

    record Case(String category, String target, String label, Consumer<RawWebSocket> send, Allowed allowed) {
    }

    private static final CaseLog LOG = new CaseLog("SocketFuzzIT");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static StateSnapshot before;
    private static ProbedSocket socket;

    @BeforeAll
    static void openSocket(SystemStack stack, Fixture fixture) {
        before = StateSnapshot.take(stack, fixture);
        socket = new ProbedSocket(stack, fixture.alice, fixture.aliceEnvelopeAB);
    }

    @AfterAll
    static void closeSocket() {
        if (socket != null) {
            socket.close();
        }
        LOG.write();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicContainer> everyFrameTypeRefusesBadInput(Fixture fixture) {
        return Stream.of(
                dynamicContainer(NOT_AN_OBJECT, tests(notObjects())),
                dynamicContainer(NOT_TEXT, tests(protocolBreakers())),
                dynamicContainer(UNKNOWN_TYPE, tests(unknownTypes())),
                dynamicContainer("send", tests(sendCases(fixture))),
                dynamicContainer("delivered", tests(deliveredCases(fixture))),
                dynamicContainer("send (group)", tests(groupSendCases(fixture))),
                dynamicContainer("group-delivered", tests(groupDeliveredCases(fixture))),
                dynamicContainer("refresh", tests(refreshCases(fixture))));
    }

    @Test
    @Order(2)
    void theFuzzChangedNothingAnyUserSees(SystemStack stack, Fixture fixture) {
        System.out.println("Sockets opened by the socket fuzz: " + socket.opened());
        before.assertUnchanged(StateSnapshot.take(stack, fixture));
    }

    private static Stream<DynamicTest> tests(List<Case> cases) {
        return cases.stream().map(c -> dynamicTest(c.category() + ": " + c.label(), () -> run(c)));
    }

    private static void run(Case c) {
        ProbedSocket.Answer answer = socket.exchange(c.send());
        List<String> problems = judge(c.allowed(), answer);
        String outcome = outcome(answer);
        Optional<KnownBug> bug = problems.isEmpty() ? Optional.empty()
                : KnownBug.explaining(c.target(), c.category(), c.label(), outcome);
        LOG.record(c.category(), c.target(), c.label(), outcome, problems, bug.orElse(null));
        if (bug.isPresent()) {
            Assumptions.abort(bug.get().reason() + " (" + answer + ")");
        }
        assertThat(problems).as("%s frame with %s → %s", c.target(), c.label(), answer).isEmpty();
    }

    static List<String> judge(Allowed allowed, ProbedSocket.Answer answer) {
        List<String> problems = new ArrayList<>();
        if (!answer.usableAfter()) {
            problems.add("the socket (or a new one) did not answer a valid frame afterwards");
        }
        RawWebSocket.Frame close = answer.close();
        if (close != null) {
            boolean expected = allowed == Allowed.TOKEN_CLOSE && close.closeCode() == TOKEN_REJECTED
                    || allowed == Allowed.PROTOCOL_CLOSE && PROTOCOL_CLOSE_CODES.contains(close.closeCode());
            if (!expected) {
                problems.add("closed with " + close.closeCode());
            }
        }
        List<JsonNode> frames = answer.json();
        if (frames.isEmpty() && close == null && allowed != Allowed.NO_ANSWER && allowed != Allowed.PROTOCOL_CLOSE) {
            problems.add("no answer");
        }
        for (JsonNode frame : frames) {
            String type = frame == null ? null : frame.path("type").asText(null);
            if ("error".equals(type)) {
                String code = frame.path("code").asText("");
                if (!DOCUMENTED_CODES.contains(code)) {
                    problems.add("error code " + code + " (" + frame.path("message").asText() + ")");
                }
                if (!frame.path("message").isTextual() || frame.path("message").asText().isBlank()) {
                    problems.add("error frame without a message");
                }
                problems.addAll(ErrorShape.leaks(frame.toString()));
            } else if ("ack".equals(type) && allowed == Allowed.DUPLICATE_ACK) {
                if (!frame.path("duplicate").asBoolean(false)) {
                    problems.add("stored a new message: " + frame);
                }
            } else if (!("refreshed".equals(type) && allowed == Allowed.REFRESHED)) {
                problems.add("unexpected frame " + frame);
            }
        }
        return problems;
    }

    private static String outcome(ProbedSocket.Answer answer) {
        List<String> parts = new ArrayList<>();
        for (RawWebSocket.Frame frame : answer.frames()) {
            if (frame.isClose()) {
                parts.add("close " + frame.closeCode());
            } else if (frame.opcode() != RawWebSocket.TEXT || frame.json() == null) {
                parts.add("opcode " + frame.opcode());
            } else if ("error".equals(frame.json().path("type").asText())) {
                parts.add("error " + frame.json().path("code").asText());
            } else {
                parts.add(frame.json().path("type").asText()
                        + (frame.json().path("duplicate").asBoolean(false) ? " (duplicate)" : ""));
            }
        }
        return parts.isEmpty() ? "no answer" : String.join(" + ", parts);
    }

    // ---- the cases ----

    private static List<Case> notObjects() {
        List<Case> cases = new ArrayList<>();
        for (String text : List.of("", " ", "not json", "{", "[]", "null", "42", "\"send\"", "{}}",
                "{\"type\":\"send\",}", "{'type':'send'}", "{\"type\":\"send\",\"type\":\"refresh\"}",
                "[".repeat(10_000) + "]".repeat(10_000),
                "{\"type\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}")) {
            cases.add(new Case(NOT_AN_OBJECT, "any", Gateway.abbreviate(text), socket -> socket.sendText(text),
                    Allowed.ERROR_ONLY));
        }
        cases.add(new Case(NOT_AN_OBJECT, "any", "raw control characters inside a string",
                socket -> socket.send(RawWebSocket.TEXT, bytes("{\"type\":\"se\u0001nd\n\"}")), Allowed.ERROR_ONLY));
        cases.add(new Case(BadValues.LONG, "any", "text frame of 100,000 characters (over the endpoint's limit)",
                socket -> socket.sendText("x".repeat(100_000)), Allowed.ERROR_ONLY));
        return cases;
    }

    private static List<Case> protocolBreakers() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(NOT_TEXT, "any", "text frame of invalid UTF-8 (C3 28)",
                socket -> socket.send(RawWebSocket.TEXT, new byte[] { '{', '"', (byte) 0xc3, 0x28, '"', '}' }),
                Allowed.PROTOCOL_CLOSE));
        cases.add(new Case(NOT_TEXT, "any", "text frame with an overlong encoding (C0 AF)",
                socket -> socket.send(RawWebSocket.TEXT, new byte[] { '{', '"', (byte) 0xc0, (byte) 0xaf, '"', '}' }),
                Allowed.PROTOCOL_CLOSE));
        cases.add(new Case(NOT_TEXT, "any", "binary frame holding a send",
                socket -> socket.send(RawWebSocket.BINARY, bytes("{\"type\":\"send\",\"id\":\"x\"}")),
                Allowed.PROTOCOL_CLOSE));
        cases.add(new Case(NOT_TEXT, "any", "text frame of 200,000 bytes (over the server's 128 KiB)",
                socket -> socket.sendText("x".repeat(200_000)), Allowed.PROTOCOL_CLOSE));
        cases.add(new Case(NOT_TEXT, "any", "ping of 200 bytes (control frames hold at most 125)",
                socket -> socket.send(RawWebSocket.PING, new byte[200]), Allowed.PROTOCOL_CLOSE));
        cases.add(new Case(NOT_TEXT, "any", "unknown opcode 0x3",
                socket -> socket.send(0x3, bytes("{}")), Allowed.PROTOCOL_CLOSE));
        return cases;
    }

    private static List<Case> unknownTypes() {
        List<Case> cases = new ArrayList<>();
        List<JsonNode> types = List.of(NODES.nullNode(), NODES.numberNode(1), NODES.textNode(""),
                NODES.textNode("SEND"), NODES.textNode("Send"), NODES.textNode(" send"), NODES.textNode("send\u0000"),
                NODES.textNode("ack"), NODES.textNode("ready"), NODES.textNode("message"), NODES.textNode("error"),
                NODES.textNode("presence"), NODES.textNode("refreshed"), NODES.textNode("<script>alert(1)</script>"),
                NODES.textNode("' OR 1=1 --"), NODES.arrayNode().add("send"), NODES.objectNode().put("send", 1),
                NODES.textNode("x".repeat(10_000)));
        cases.add(new Case(UNKNOWN_TYPE, "any", "{} (no type)", socket -> socket.sendText("{}"), Allowed.ERROR_ONLY));
        for (JsonNode type : types) {
            String frame = NODES.objectNode().set("type", type).toString();
            cases.add(new Case(UNKNOWN_TYPE, "any", "type " + Gateway.abbreviate(type.toString()),
                    socket -> socket.sendText(frame), Allowed.ERROR_ONLY));
        }
        return cases;
    }

    /**
     * The base is alice's own stored message, sent again: the server answers it with the stored message (an ack
     * marked duplicate) and stores nothing. Every field of the frame, the envelope and its header is broken in turn.
     */
    private static List<Case> sendCases(Fixture fixture) {
        ObjectNode base = NODES.objectNode().put("type", "send").put("id", "fuzz");
        base.set("envelope", parse(fixture.aliceEnvelopeAB));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the valid base", "send", "alice's stored message again", send(base), Allowed.DUPLICATE_ACK));
        cases.add(new Case(EXTRA, "send", "extra frame fields (userId, from, conversationId)",
                send(base.deepCopy().put("userId", fixture.bob.id().toString()).put("from", fixture.bob.id().toString())
                        .put("conversationId", fixture.conversationCD.toString())), Allowed.DUPLICATE_ACK));
        ObjectNode extraInEnvelope = base.deepCopy();
        ((ObjectNode) extraInEnvelope.get("envelope")).put("sender", fixture.bob.id().toString());
        cases.add(new Case(EXTRA, "send", "extra envelope key", send(extraInEnvelope), Allowed.ERROR_ONLY));
        ObjectNode extraInHeader = base.deepCopy();
        ((ObjectNode) extraInHeader.at("/envelope/header")).put("to", fixture.bob.id().toString());
        cases.add(new Case(EXTRA, "send", "extra header key", send(extraInHeader), Allowed.ERROR_ONLY));

        // A client message id is any text of 1 to 64 characters: a text id the server takes acks the resend.
        cases.addAll(fieldCases(base, "", "id", Kind.TEXT, 0, Allowed.DUPLICATE_ACK));
        cases.addAll(objectCases(base, "", "envelope"));
        cases.addAll(objectCases(base, "/envelope", "header"));
        cases.addAll(fieldCases(base, "/envelope", "nonce", Kind.KEY, 12, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope", "ciphertext", Kind.BLOB, 16, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "v", Kind.INTEGER, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "conv", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "from", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "device", Kind.KEY, 16, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "seq", Kind.INTEGER, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "prev", Kind.KEY, 32, Allowed.ERROR_ONLY));
        return cases;
    }

    /** The base is a confirmation of what alice has (bob's message, delivered already): no answer, no change. */
    private static List<Case> deliveredCases(Fixture fixture) {
        ObjectNode base = NODES.objectNode().put("type", "delivered")
                .put("conversationId", fixture.conversationAB.toString()).put("upTo", fixture.bobMessageAB.toString());
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the valid base", "delivered", "bob's message, delivered already", send(base),
                Allowed.NO_ANSWER));
        cases.add(new Case(EXTRA, "delivered", "extra fields (userId, deliveredAt)",
                send(base.deepCopy().put("userId", fixture.bob.id().toString()).put("deliveredAt", "2000-01-01T00:00:00Z")),
                Allowed.NO_ANSWER));
        cases.addAll(fieldCases(base, "", "conversationId", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "", "upTo", Kind.UUID, 0, Allowed.ERROR_ONLY));
        return cases;
    }

    /**
     * The base is a group message of alice's into carol and dave's group, which she is not in: refused as
     * {@code unknown_group}, and so is every mutation (none makes her a member, so none can be stored). Every field of
     * the §7 envelope, its keys and its wraps is broken in turn.
     */
    private static List<Case> groupSendCases(Fixture fixture) {
        String wrapped = fixture.carol.id().toString();
        ObjectNode base = NODES.objectNode().put("type", "send").put("id", "fuzz");
        base.set("envelope", Envelopes.wellFormedGroup(fixture.groupCD, fixture.alice.id(), socket.device(), 1,
                List.of(fixture.carol.id(), fixture.dave.id())));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the refused base", "send", "alice's message into carol and dave's group", send(base),
                Allowed.ERROR_ONLY));
        ObjectNode extraKey = base.deepCopy();
        ((ObjectNode) extraKey.at("/envelope/keys")).put(fixture.alice.id().toString(), BadValues.base64(92));
        cases.add(new Case(EXTRA, "send", "a wrap for the sender herself", send(extraKey), Allowed.ERROR_ONLY));
        ObjectNode extraInHeader = base.deepCopy();
        ((ObjectNode) extraInHeader.at("/envelope/header")).put("to", fixture.carol.id().toString());
        cases.add(new Case(EXTRA, "send", "extra header key", send(extraInHeader), Allowed.ERROR_ONLY));
        cases.addAll(objectCases(base, "/envelope", "keys"));
        cases.addAll(fieldCases(base, "/envelope/keys", wrapped, Kind.KEY, 92, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "epoch", Kind.INTEGER, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "conv", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "from", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "/envelope/header", "seq", Kind.INTEGER, 0, Allowed.ERROR_ONLY));
        return cases;
    }

    /**
     * The base confirms a message that is not in alice's group (the fixture's groups hold none): refused as
     * {@code unknown_message}, and every mutation of its fields is refused too.
     */
    private static List<Case> groupDeliveredCases(Fixture fixture) {
        ObjectNode base = NODES.objectNode().put("type", "group-delivered")
                .put("groupId", fixture.groupAB.toString()).put("upTo", fixture.bobMessageAB.toString());
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the refused base", "group-delivered", "bob's 1:1 message, not the group's", send(base),
                Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "", "groupId", Kind.UUID, 0, Allowed.ERROR_ONLY));
        cases.addAll(fieldCases(base, "", "upTo", Kind.UUID, 0, Allowed.ERROR_ONLY));
        return cases;
    }

    /** The base is a refresh with alice's own token; any other token closes the socket with 4003. */
    private static List<Case> refreshCases(Fixture fixture) {
        ObjectNode base = NODES.objectNode().put("type", "refresh").put("token", fixture.alice.accessToken());
        List<Case> cases = new ArrayList<>(fieldCases(base, "", "token", Kind.TOKEN, 0, Allowed.TOKEN_CLOSE));
        cases.add(new Case(EXTRA, "refresh", "extra field userId (bob)",
                send(base.deepCopy().put("userId", fixture.bob.id().toString())), Allowed.REFRESHED));
        return cases;
    }

    private static List<Case> fieldCases(ObjectNode base, String parent, String field, Kind kind, int bytes,
            Allowed allowed) {
        String target = base.path("type").asText();
        List<Case> cases = new ArrayList<>();
        for (BadValues.Value value : BadValues.of(kind, base.at(parent).get(field), bytes, false)) {
            // Frames over the endpoint's size are refused as too large before anything else is read.
            Allowed expected = value.label().startsWith(String.valueOf(BadValues.OVER_LONG)) ? Allowed.ERROR_ONLY
                    : allowed;
            cases.add(replaced(base, parent, field, value, target, expected));
        }
        return cases;
    }

    /** An object field (the envelope, its header) replaced by what is not that object. */
    private static List<Case> objectCases(ObjectNode base, String parent, String field) {
        List<Case> cases = new ArrayList<>();
        JsonNode original = base.at(parent).get(field);
        List<BadValues.Value> values = List.of(new BadValues.Value(BadValues.MISSING, "left out", null),
                new BadValues.Value(BadValues.NULL, "null", NODES.nullNode()),
                new BadValues.Value(BadValues.WRONG_TYPE, "as a JSON string", NODES.textNode(original.toString())),
                new BadValues.Value(BadValues.WRONG_TYPE, "number", NODES.numberNode(1)),
                new BadValues.Value(BadValues.WRONG_TYPE, "array", NODES.arrayNode().add(original)),
                new BadValues.Value(BadValues.WRONG_TYPE, "true", NODES.booleanNode(true)),
                new BadValues.Value(BadValues.MISSING, "{}", NODES.objectNode()));
        for (BadValues.Value value : values) {
            cases.add(replaced(base, parent, field, value, "send", Allowed.ERROR_ONLY));
        }
        return cases;
    }

    /** A copy of {@code base} with the field under {@code parent} replaced by the value (or left out). */
    private static Case replaced(ObjectNode base, String parent, String field, BadValues.Value value, String target,
            Allowed expected) {
        ObjectNode frame = base.deepCopy();
        ObjectNode holder = (ObjectNode) frame.at(parent);
        if (value.node() == null) {
            holder.remove(field);
        } else {
            holder.set(field, value.node());
        }
        String label = (parent.isEmpty() ? "" : parent.substring(1).replace('/', '.') + ".") + field + ": "
                + value.label();
        return new Case(value.category(), target, label, send(frame), expected);
    }

    private static Consumer<RawWebSocket> send(ObjectNode frame) {
        String text = frame.toString();
        return socket -> socket.sendText(text);
    }

    private static JsonNode parse(String json) {
        try {
            return Gateway.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

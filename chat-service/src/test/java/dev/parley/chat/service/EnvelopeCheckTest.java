package dev.parley.chat.service;

import static dev.parley.chat.service.EnvelopeCheckFixtures.MAX_CIPHERTEXT_BYTES;
import static dev.parley.chat.service.EnvelopeCheckFixtures.base64Url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

class EnvelopeCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EnvelopeCheck check = EnvelopeCheckFixtures.envelopeCheck();
    private final UUID sender = UUID.randomUUID();
    private final UUID conversation = UUID.randomUUID();
    private final String device = base64Url(16);

    @Test
    void aWellFormedEnvelopeGivesItsPlaceInTheSendersChain() {
        EnvelopeCheck.ChainPosition position = check.check(envelope(e -> { }), sender);

        assertThat(position).isEqualTo(new EnvelopeCheck.ChainPosition(conversation, device, 7));
    }

    @Test
    void integersAreReadAsJavaScriptReadsThem() throws Exception {
        ObjectNode envelope = envelope(e -> { });
        header(envelope).set("seq", JSON.readTree("7.0"));
        header(envelope).set("v", JSON.readTree("1e0"));

        assertThat(check.check(envelope, sender).seq()).isEqualTo(7);
    }

    @Test
    void anEnvelopeFromSomeoneElseIsRefused() {
        assertThat(refusal(envelope(e -> { }), UUID.randomUUID()).getMessage()).isEqualTo("from must be your own user id.");
    }

    @Test
    void everyBrokenPartIsABadEnvelopeWithItsOwnMessage() {
        assertBad(e -> e.remove("nonce"), "The envelope must have exactly header, nonce and ciphertext.");
        assertBad(e -> e.put("extra", 1), "The envelope must have exactly header, nonce and ciphertext.");
        assertBad(e -> header(e).put("extra", 1), "The header must have exactly v, conv, from, device, seq and prev.");
        assertBad(e -> header(e).put("v", 2), "This server takes message version 1.");
        assertBad(e -> header(e).put("conv", conversation.toString().toUpperCase()), "conv must be a conversation id.");
        assertBad(e -> header(e).put("device", base64Url(15)), "device must be 16 bytes, base64url.");
        assertBad(e -> header(e).put("seq", 0), "seq must be an integer from 1.");
        assertBad(e -> header(e).put("seq", 1.5), "seq must be an integer from 1.");
        assertBad(e -> header(e).put("seq", "7"), "seq must be an integer from 1.");
        assertBad(e -> header(e).put("seq", 9007199254740992L), "seq must be an integer from 1.");
        assertBad(e -> header(e).put("prev", base64Url(32) + "="), "prev must be 32 bytes, base64url.");
        assertBad(e -> e.put("nonce", base64Url(11)), "nonce must be 12 bytes, base64url.");
        assertBad(e -> e.put("ciphertext", base64Url(15)), "ciphertext must be base64url of at least the 16-byte tag.");
    }

    @Test
    void aNumberTooLargeForADoubleIsNoInteger() throws Exception {
        ObjectNode envelope = envelope(e -> { });
        header(envelope).set("seq", JSON.readTree("1e400"));

        assertThat(refusal(envelope, sender).getMessage()).isEqualTo("seq must be an integer from 1.");
    }

    @Test
    void aCiphertextAboveTheLimitIsTooLarge() {
        ApiException tooLarge = refusal(envelope(e -> e.put("ciphertext", base64Url(MAX_CIPHERTEXT_BYTES + 1))), sender);

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(check.check(envelope(e -> e.put("ciphertext", base64Url(MAX_CIPHERTEXT_BYTES))), sender)).isNotNull();
    }

    private void assertBad(Consumer<ObjectNode> breakIt, String message) {
        ApiException refusal = refusal(envelope(breakIt), sender);

        assertThat(refusal.status()).as(message).isEqualTo(400);
        assertThat(refusal.error()).as(message).isEqualTo(ErrorCode.BAD_ENVELOPE);
        assertThat(refusal.getMessage()).isEqualTo(message);
    }

    private ApiException refusal(JsonNode envelope, UUID from) {
        return catchThrowableOfType(ApiException.class, () -> check.check(envelope, from));
    }

    private ObjectNode envelope(Consumer<ObjectNode> change) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.putObject("header")
                .put("v", 1)
                .put("conv", conversation.toString())
                .put("from", sender.toString())
                .put("device", device)
                .put("seq", 7)
                .put("prev", base64Url(32));
        envelope.put("nonce", base64Url(12));
        envelope.put("ciphertext", base64Url(40));
        change.accept(envelope);
        return envelope;
    }

    private static ObjectNode header(ObjectNode envelope) {
        return (ObjectNode) envelope.get("header");
    }
}

package dev.parley.chat.service;

import static dev.parley.chat.service.EnvelopeCheckFixtures.MAX_CIPHERTEXT_BYTES;
import static dev.parley.chat.service.EnvelopeCheckFixtures.base64Url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;

/** The shape of a group envelope (PROTOCOL.md §7), which the server checks before it looks at the group. */
class GroupEnvelopeCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EnvelopeCheck check = EnvelopeCheckFixtures.envelopeCheck();
    private final UUID sender = UUID.randomUUID();
    private final UUID group = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();
    private final String device = base64Url(16);

    @Test
    void aWellFormedGroupEnvelopeGivesItsChainPositionEpochAndRecipients() {
        EnvelopeCheck.GroupPosition position = check.checkGroup(envelope(e -> { }), sender);

        assertThat(position).isEqualTo(new EnvelopeCheck.GroupPosition(group, device, 7, 3, Set.of(bob, carol)));
    }

    @Test
    void aGroupMessageIsToldApartByItsEpochAlone() {
        assertThat(EnvelopeCheck.isGroupMessage(envelope(e -> { }))).isTrue();
        assertThat(EnvelopeCheck.isGroupMessage(envelope(e -> header(e).put("epoch", "three")))).isTrue();
        assertThat(EnvelopeCheck.isGroupMessage(envelope(e -> header(e).remove("epoch")))).isFalse();
        assertThat(EnvelopeCheck.isGroupMessage(envelope(e -> e.remove("header")))).isFalse();
        assertThat(EnvelopeCheck.isGroupMessage(null)).isFalse();
    }

    @Test
    void everyBrokenPartIsABadEnvelopeWithItsOwnMessage() {
        String envelopeKeys = "A group envelope must have exactly header, nonce, ciphertext and keys.";
        assertBad(e -> e.remove("keys"), envelopeKeys);
        assertBad(e -> e.put("extra", 1), envelopeKeys);
        String headerKeys = "A group message's header must have exactly v, conv, from, device, seq, prev and epoch.";
        assertBad(e -> header(e).put("extra", 1), headerKeys);
        assertBad(e -> header(e).remove("epoch"), headerKeys);
        assertBad(e -> header(e).put("epoch", 0), "epoch must be an integer from 1.");
        assertBad(e -> header(e).put("epoch", -1), "epoch must be an integer from 1.");
        assertBad(e -> header(e).put("epoch", 2.5), "epoch must be an integer from 1.");
        assertBad(e -> header(e).put("epoch", "3"), "epoch must be an integer from 1.");
        assertBad(e -> header(e).put("epoch", 1L << 31), "epoch must be an integer from 1.");
        assertBad(e -> header(e).put("v", 2), "This server takes message version 1.");
        assertBad(e -> header(e).put("conv", "not-a-group"), "conv must be a group id.");
        assertBad(e -> header(e).put("from", bob.toString()), "from must be your own user id.");
        assertBad(e -> header(e).put("device", base64Url(15)), "device must be 16 bytes, base64url.");
        assertBad(e -> header(e).put("seq", 0), "seq must be an integer from 1.");
        assertBad(e -> header(e).put("prev", base64Url(31)), "prev must be 32 bytes, base64url.");
        assertBad(e -> e.put("nonce", base64Url(13)), "nonce must be 12 bytes, base64url.");
        assertBad(e -> e.put("ciphertext", base64Url(15)), "ciphertext must be base64url of at least the 16-byte tag.");
    }

    @Test
    void keysNameUsersEachWithAWrapOfExactly92Bytes() {
        assertBad(e -> e.putObject("keys"), "keys must name at least one member.");
        assertBad(e -> e.putArray("keys").add(base64Url(92)), "keys must name at least one member.");
        assertBad(e -> e.put("keys", base64Url(92)), "keys must name at least one member.");
        assertBad(e -> keys(e).put("alice", base64Url(92)), "keys must name members by their user ids.");
        assertBad(e -> keys(e).put(carol.toString().toUpperCase(), base64Url(92)),
                "keys must name members by their user ids.");
        String wrap = "Each wrap in keys must be 92 bytes, base64url.";
        assertBad(e -> keys(e).put(carol.toString(), base64Url(91)), wrap);
        assertBad(e -> keys(e).put(carol.toString(), base64Url(93)), wrap);
        assertBad(e -> keys(e).put(carol.toString(), base64Url(92) + "="), wrap);
        assertBad(e -> keys(e).put(carol.toString(), 92), wrap);
        assertBad(e -> keys(e).putNull(carol.toString()), wrap);
    }

    @Test
    void aCiphertextAboveTheLimitIsTooLarge() {
        ApiException tooLarge = refusal(envelope(e -> e.put("ciphertext", base64Url(MAX_CIPHERTEXT_BYTES + 1))));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void aOneToOneEnvelopeIsNoGroupEnvelopeAndTheOtherWayRound() {
        ObjectNode oneToOne = envelope(e -> {
            header(e).remove("epoch");
            e.remove("keys");
        });
        assertThat(refusal(oneToOne).error()).isEqualTo(ErrorCode.BAD_ENVELOPE);
        assertThat(catchThrowableOfType(ApiException.class, () -> check.check(envelope(e -> { }), sender)).error())
                .isEqualTo(ErrorCode.BAD_ENVELOPE);
    }

    private void assertBad(Consumer<ObjectNode> breakIt, String message) {
        ApiException refusal = refusal(envelope(breakIt));

        assertThat(refusal).as(message).isNotNull();
        assertThat(refusal.status()).as(message).isEqualTo(400);
        assertThat(refusal.error()).as(message).isEqualTo(ErrorCode.BAD_ENVELOPE);
        assertThat(refusal.getMessage()).isEqualTo(message);
    }

    private ApiException refusal(ObjectNode envelope) {
        return catchThrowableOfType(ApiException.class, () -> check.checkGroup(envelope, sender));
    }

    private ObjectNode envelope(Consumer<ObjectNode> change) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.putObject("header")
                .put("v", 1)
                .put("conv", group.toString())
                .put("from", sender.toString())
                .put("device", device)
                .put("seq", 7)
                .put("prev", base64Url(32))
                .put("epoch", 3);
        envelope.put("nonce", base64Url(12));
        envelope.put("ciphertext", base64Url(40));
        envelope.putObject("keys").put(bob.toString(), base64Url(92)).put(carol.toString(), base64Url(92));
        change.accept(envelope);
        return envelope;
    }

    private static ObjectNode header(ObjectNode envelope) {
        return (ObjectNode) envelope.get("header");
    }

    private static ObjectNode keys(ObjectNode envelope) {
        return (ObjectNode) envelope.get("keys");
    }
}

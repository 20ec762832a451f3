package dev.parley.client.crypto;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.client.crypto.VerifierState.Position;

/**
 * Checks the messages one member sends in one conversation (PROTOCOL.md §4), in this order,
 * reporting the first that fails:
 * <ol>
 *   <li>the header names this conversation and AES-GCM accepts the envelope ({@link IntegrityProblem#MODIFIED});</li>
 *   <li>{@code from} is the expected sender ({@link IntegrityProblem#WRONG_SENDER});</li>
 *   <li>{@code seq} is one more than the last seen on that device's chain, 0 for a new chain
 *       (higher: {@link IntegrityProblem#DROPPED}; lower or equal: {@link IntegrityProblem#REPLAYED_OR_REORDERED});</li>
 *   <li>{@code prev} is the hash of the last message seen on that chain, 32 zero bytes for seq 1
 *       ({@link IntegrityProblem#BROKEN_CHAIN}).</li>
 * </ol>
 * An authentic message from the expected sender that is DROPPED or BROKEN_CHAIN still moves
 * its chain forward to it, so that one problem raises one alert rather than flagging every later
 * message; MODIFIED, WRONG_SENDER and REPLAYED_OR_REORDERED messages leave the chains as they were.
 */
public final class MessageVerifier {

    private final ConversationKey key;
    private final String expectedSenderUserId;
    private final Map<DeviceId, Position> chains = new HashMap<>();

    /**
     * @param expectedSenderUserId whose messages this verifier checks: for received messages the
     *                             other member; a client checking the messages its user sent from
     *                             other devices uses a second verifier with its own user id
     */
    public MessageVerifier(ConversationKey key, String expectedSenderUserId) {
        this.key = Objects.requireNonNull(key, "key");
        this.expectedSenderUserId = Objects.requireNonNull(expectedSenderUserId, "expectedSenderUserId");
    }

    /**
     * A verifier that continues from a saved {@link #state()}: the next message of each saved chain must follow the
     * saved position, so that a restart (or the next page of history) checks its first message like any other.
     */
    public static MessageVerifier resume(ConversationKey key, VerifierState state) {
        if (!state.conversationId().equals(key.conversationId())) {
            throw new IllegalArgumentException("the saved state belongs to another conversation than the key");
        }
        MessageVerifier verifier = new MessageVerifier(key, state.senderUserId());
        verifier.chains.putAll(state.chains());
        return verifier;
    }

    /** Where every chain stands now, to save and {@link #resume} from. */
    public synchronized VerifierState state() {
        return new VerifierState(key.conversationId(), expectedSenderUserId, chains);
    }

    /** Verifies an envelope as the server relays it; one that does not even parse is MODIFIED. */
    public VerificationResult verify(String envelopeJson) {
        MessageEnvelope envelope;
        try {
            envelope = MessageEnvelope.fromJson(envelopeJson);
        } catch (ProtocolFormatException e) {
            return VerificationResult.modified();
        }
        return verify(envelope);
    }

    public synchronized VerificationResult verify(MessageEnvelope envelope) {
        MessageHeader header = envelope.header();
        if (!header.conversationId().equals(key.conversationId())) {
            return VerificationResult.modified();
        }
        Optional<MessageBody> body = envelope.open(key);
        if (body.isEmpty()) {
            return VerificationResult.modified();
        }
        OpenedMessage message = new OpenedMessage(header, body.get(), envelope.hash());
        if (!header.senderUserId().equals(expectedSenderUserId)) {
            return VerificationResult.failed(IntegrityProblem.WRONG_SENDER, message);
        }
        return ChainCheck.advance(chains, header.deviceId(), header, message.hash())
                .map(problem -> VerificationResult.failed(problem, message))
                .orElseGet(() -> VerificationResult.intact(message));
    }
}

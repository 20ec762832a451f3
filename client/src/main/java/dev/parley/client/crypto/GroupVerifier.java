package dev.parley.client.crypto;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.client.crypto.GroupMessageEnvelope.WrappedKey;
import dev.parley.client.crypto.GroupVerifierState.Chain;
import dev.parley.client.crypto.VerifierState.Position;

/**
 * Checks the messages of one group as one member reads them (PROTOCOL.md §7, 1.2), in this order, reporting the
 * first that fails:
 * <ol>
 *   <li>the envelope is well-formed and names this group ({@link IntegrityProblem#MODIFIED});</li>
 *   <li>it holds a wrap for the reader ({@link IntegrityProblem#KEY_MISSING});</li>
 *   <li>AES-GCM accepts the wrap under the pair key with {@code from} ({@link IntegrityProblem#MODIFIED}; also when
 *       the reader holds no key with {@code from}, as nothing then shows who wrote it);</li>
 *   <li>the hash inside the wrap is the hash of the header, nonce and ciphertext received
 *       ({@link IntegrityProblem#CIPHERTEXT_SWAPPED});</li>
 *   <li>AES-GCM accepts the ciphertext under the unwrapped key and it holds a body ({@link IntegrityProblem#MODIFIED});</li>
 *   <li>{@code from} is a member of the header's epoch ({@link IntegrityProblem#NOT_A_MEMBER});</li>
 *   <li>the chain checks of {@link MessageVerifier}, per (sender, device) chain: DROPPED, REPLAYED_OR_REORDERED,
 *       BROKEN_CHAIN.</li>
 * </ol>
 * As in 1:1 conversations, a DROPPED or BROKEN_CHAIN message moves its chain forward to it, and every other failure
 * leaves the chains as they were. A reader who joined after the group's first epoch, or came back after a removal,
 * cannot have read the messages sent before: the first message of a chain they meet in such a membership period starts
 * the chain for them, whatever its seq (PROTOCOL.md §7, where a reader's chains start).
 */
public final class GroupVerifier {

    private final String groupId;
    private final String readerUserId;
    private final Map<String, GroupPairKey> pairKeys = new HashMap<>();
    private final Map<Long, GroupEpoch> epochs = new HashMap<>();
    private final Map<Chain, Position> chains = new HashMap<>();
    /** Per chain, the epoch of the last message that moved it: whether it was met in the reader's present period. */
    private final Map<Chain, Long> chainEpochs = new HashMap<>();

    /**
     * @param pairKeys the keys the reader shares with the group's members, present and past
     * @param epochs   the group's memberships as the server recorded them; a message naming an epoch not among them
     *                 is from no member the reader knows of
     */
    public GroupVerifier(String groupId, String readerUserId, Collection<GroupPairKey> pairKeys,
            Collection<GroupEpoch> epochs) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.readerUserId = Objects.requireNonNull(readerUserId, "readerUserId");
        for (GroupPairKey key : pairKeys) {
            if (!key.groupId().equals(groupId)) {
                throw new IllegalArgumentException("a pair key of another group than " + groupId);
            }
            this.pairKeys.put(key.memberUserId(), key);
        }
        epochs.forEach(epoch -> this.epochs.put(epoch.number(), epoch));
    }

    /**
     * A verifier that continues from a saved {@link #state()}, with the keys and epochs known now (the membership may
     * have changed since): each saved chain's next message must follow the saved position.
     */
    public static GroupVerifier resume(GroupVerifierState state, Collection<GroupPairKey> pairKeys,
            Collection<GroupEpoch> epochs) {
        GroupVerifier verifier = new GroupVerifier(state.groupId(), state.readerUserId(), pairKeys, epochs);
        verifier.chains.putAll(state.chains());
        verifier.chainEpochs.putAll(state.chainEpochs());
        return verifier;
    }

    /** Where every chain stands now, to save and {@link #resume} from. */
    public synchronized GroupVerifierState state() {
        return new GroupVerifierState(groupId, readerUserId, chains, chainEpochs);
    }

    /** Verifies an envelope as the server relays it; one that does not even parse is MODIFIED. */
    public VerificationResult verify(String envelopeJson) {
        GroupMessageEnvelope envelope;
        try {
            envelope = GroupMessageEnvelope.fromJson(envelopeJson);
        } catch (ProtocolFormatException e) {
            return VerificationResult.modified();
        }
        return verify(envelope);
    }

    public synchronized VerificationResult verify(GroupMessageEnvelope envelope) {
        MessageHeader header = envelope.header();
        if (!header.conversationId().equals(groupId)) {
            return VerificationResult.modified();
        }
        if (!envelope.recipients().contains(readerUserId)) {
            return VerificationResult.unread(IntegrityProblem.KEY_MISSING);
        }
        GroupPairKey withSender = pairKeys.get(header.senderUserId());
        Optional<WrappedKey> wrapped = withSender == null ? Optional.empty() : envelope.unwrap(withSender, readerUserId);
        if (wrapped.isEmpty()) {
            return VerificationResult.modified();
        }
        byte[] hash = envelope.hash();
        if (!MessageDigest.isEqual(wrapped.get().hash(), hash)) {
            return VerificationResult.unread(IntegrityProblem.CIPHERTEXT_SWAPPED);
        }
        Optional<MessageBody> body = envelope.open(wrapped.get().messageKey());
        if (body.isEmpty()) {
            return VerificationResult.modified();
        }
        OpenedMessage message = new OpenedMessage(header, body.get(), hash);
        long epochNumber = header.epoch().orElseThrow();
        GroupEpoch epoch = epochs.get(epochNumber);
        if (epoch == null || !epoch.hasMember(header.senderUserId())) {
            return VerificationResult.failed(IntegrityProblem.NOT_A_MEMBER, message);
        }
        Chain chain = new Chain(header.senderUserId(), header.deviceId());
        boolean startsHere = startsChain(chain, epochNumber);
        Optional<IntegrityProblem> problem = ChainCheck.advance(chains, chain, header, hash);
        if (problem.isEmpty() || problem.get() != IntegrityProblem.REPLAYED_OR_REORDERED) {
            chainEpochs.put(chain, epochNumber);
        }
        if (startsHere && problem.isPresent() && problem.get() == IntegrityProblem.DROPPED) {
            problem = Optional.empty();
        }
        return problem.map(failed -> VerificationResult.failed(failed, message))
                .orElseGet(() -> VerificationResult.intact(message));
    }

    /**
     * Whether a message of {@code epoch} is the first of its chain the reader meets in a membership period that began
     * after the group's first epoch: then what came before it in the chain was sent before the reader joined.
     */
    private boolean startsChain(Chain chain, long epoch) {
        if (!isReaderIn(epoch)) {
            return false;
        }
        long periodStart = epoch;
        while (isReaderIn(periodStart - 1)) {
            periodStart--;
        }
        return periodStart > 1 && chainEpochs.getOrDefault(chain, 0L) < periodStart;
    }

    private boolean isReaderIn(long epoch) {
        GroupEpoch known = epochs.get(epoch);
        return known != null && known.hasMember(readerUserId);
    }
}

package dev.parley.client.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The messages one device sends in one group (PROTOCOL.md §7, 1.2): a chain like a 1:1 {@link SendingChain}, each
 * message with the next seq and the previous one's hash, sealed for the members of the epoch the client knows.
 *
 * <p>Sealing moves the chain forward; a failed send is retried with the same envelope. If the server refuses the
 * envelope because its keys do not name the group's current members, the client re-reads the members and
 * {@linkplain #resealLast reseals} the message in the same place of the chain: the refused envelope was never stored,
 * so readers never see a gap.
 */
public final class GroupSendingChain {

    private final String groupId;
    private final String senderUserId;
    private final DeviceId deviceId;
    private long nextSeq;
    private byte[] prevHash;
    /** The {@code prev} the last sealed message names, so that it can be sealed again in its place. */
    private byte[] prevOfLast;

    private GroupSendingChain(String groupId, String senderUserId, DeviceId deviceId, long nextSeq, byte[] prevHash) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.senderUserId = Objects.requireNonNull(senderUserId, "senderUserId");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.nextSeq = nextSeq;
        this.prevHash = prevHash;
    }

    /** A new chain: its first message has seq 1 and a {@code prev} of 32 zero bytes. */
    public static GroupSendingChain start(String groupId, String senderUserId, DeviceId deviceId) {
        return new GroupSendingChain(groupId, senderUserId, deviceId, 1, new byte[Sha256.LENGTH]);
    }

    /**
     * Continues a chain from a state saved with {@link #state()} ({@code conv} the group id). Nothing sealed before
     * the restart can be {@linkplain #resealLast resealed}: a message not stored by then is given up, and readers see
     * the gap.
     */
    public static GroupSendingChain resume(SendingChainState state) {
        return new GroupSendingChain(state.conversationId(), state.senderUserId(), state.deviceId(), state.nextSeq(),
                state.prevHash());
    }

    /** Where the chain stands, to save after every seal (and reseal) and {@link #resume} from. */
    public synchronized SendingChainState state() {
        return new SendingChainState(groupId, senderUserId, deviceId, nextSeq, prevHash);
    }

    /**
     * Encrypts {@code body} as the chain's next message under a fresh random key, wrapped for every member of
     * {@code epoch} but the sender.
     *
     * @param pairKeys the pair keys this user holds in the group; those with users outside {@code epoch} are not used
     * @throws IllegalArgumentException if the sender is not a member of {@code epoch}, or a member has no pair key
     */
    public GroupMessageEnvelope seal(MessageBody body, GroupEpoch epoch, Collection<GroupPairKey> pairKeys) {
        return seal(body, epoch, pairKeys, RandomBytes.of(AesGcm.KEY_LENGTH), RandomBytes.of(AesGcm.NONCE_LENGTH),
                randomWrapNonces(epoch));
    }

    // Synchronized because two messages sealed at once must not get the same seq.
    synchronized GroupMessageEnvelope seal(MessageBody body, GroupEpoch epoch, Collection<GroupPairKey> pairKeys,
            byte[] messageKey, byte[] nonce, Map<String, byte[]> wrapNonces) {
        GroupMessageEnvelope envelope = sealAt(nextSeq, prevHash, body, epoch, pairKeys, messageKey, nonce, wrapNonces);
        prevOfLast = prevHash;
        prevHash = envelope.hash();
        nextSeq++;
        return envelope;
    }

    /**
     * Seals {@code body} again in place of the chain's last message, with fresh random keys, for the members of
     * {@code epoch}: for a message the server refused because the membership changed meanwhile.
     *
     * @throws IllegalStateException if the chain has sealed nothing since it was started
     */
    public synchronized GroupMessageEnvelope resealLast(MessageBody body, GroupEpoch epoch,
            Collection<GroupPairKey> pairKeys) {
        if (prevOfLast == null) {
            throw new IllegalStateException("no message sealed yet");
        }
        GroupMessageEnvelope envelope = sealAt(nextSeq - 1, prevOfLast, body, epoch, pairKeys,
                RandomBytes.of(AesGcm.KEY_LENGTH), RandomBytes.of(AesGcm.NONCE_LENGTH), randomWrapNonces(epoch));
        prevHash = envelope.hash();
        return envelope;
    }

    private GroupMessageEnvelope sealAt(long seq, byte[] prev, MessageBody body, GroupEpoch epoch,
            Collection<GroupPairKey> pairKeys, byte[] messageKey, byte[] nonce, Map<String, byte[]> wrapNonces) {
        MessageHeader header = MessageHeader.group(groupId, senderUserId, deviceId, seq, prev, epoch.number());
        return GroupMessageEnvelope.seal(header, body, recipients(epoch, pairKeys), messageKey, nonce, wrapNonces);
    }

    private Map<String, byte[]> randomWrapNonces(GroupEpoch epoch) {
        Map<String, byte[]> wrapNonces = new HashMap<>();
        epoch.members().stream().filter(member -> !member.equals(senderUserId))
                .forEach(member -> wrapNonces.put(member, RandomBytes.of(AesGcm.NONCE_LENGTH)));
        return wrapNonces;
    }

    private List<GroupPairKey> recipients(GroupEpoch epoch, Collection<GroupPairKey> pairKeys) {
        if (!epoch.hasMember(senderUserId)) {
            throw new IllegalArgumentException(senderUserId + " is not a member of epoch " + epoch.number());
        }
        Map<String, GroupPairKey> byMember = new HashMap<>();
        pairKeys.forEach(key -> byMember.put(key.memberUserId(), key));
        List<GroupPairKey> recipients = new ArrayList<>();
        for (String member : epoch.members()) {
            if (!member.equals(senderUserId)) {
                GroupPairKey key = byMember.get(member);
                if (key == null) {
                    throw new IllegalArgumentException("no pair key with " + member + ", a member of epoch " + epoch.number());
                }
                recipients.add(key);
            }
        }
        return recipients;
    }
}

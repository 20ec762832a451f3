package dev.parley.client.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The AES-256 key two members of one group share (PROTOCOL.md §7, 1.2): derived like a conversation key, with the
 * group id in its info, so only the two of them hold it. A sender wraps each message's key for each other member
 * under the key it shares with that member, which lets the member read the message but not forge one in the sender's
 * name towards anybody else.
 */
public final class GroupPairKey {

    private final String groupId;
    private final String memberUserId;
    private final byte[] key;

    GroupPairKey(String groupId, String memberUserId, byte[] key) {
        if (key.length != AesGcm.KEY_LENGTH) {
            throw new IllegalArgumentException("a pair key is " + AesGcm.KEY_LENGTH + " bytes");
        }
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.memberUserId = Objects.requireNonNull(memberUserId, "memberUserId");
        this.key = key.clone();
    }

    /**
     * @param memberUserId the other member, whose pinned public key {@code theirs} is
     * @throws ProtocolFormatException if {@code theirs} gives an all-zero shared secret
     */
    public static GroupPairKey derive(IdentityKeyPair mine, String memberUserId, IdentityPublicKey theirs,
            String groupId) {
        byte[] shared = mine.sharedSecretWith(theirs);
        try {
            return new GroupPairKey(groupId, memberUserId, Hkdf.deriveKey(shared,
                    ConversationKey.salt(mine.publicKey(), theirs), "parley/v1/group/" + groupId));
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    public String groupId() {
        return groupId;
    }

    /** The other member of the pair: the recipient of what this key wraps, or the sender of what it unwraps. */
    public String memberUserId() {
        return memberUserId;
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "GroupPairKey[" + groupId + ", with " + memberUserId + ", key hidden]";
    }
}

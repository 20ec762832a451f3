package dev.parley.client.crypto;

import java.util.Arrays;

/**
 * The AES-256 key of one 1:1 conversation (PROTOCOL.md §3). Both members derive the same key
 * from their own private key and the other's public key; it is never sent anywhere.
 */
public final class ConversationKey {

    private final String conversationId;
    private final byte[] key;

    ConversationKey(String conversationId, byte[] key) {
        if (key.length != AesGcm.KEY_LENGTH) {
            throw new IllegalArgumentException("a conversation key is " + AesGcm.KEY_LENGTH + " bytes");
        }
        this.conversationId = conversationId;
        this.key = key.clone();
    }

    /**
     * @param conversationId the id the server gave the conversation; it is bound into the key,
     *                       so each conversation between the same two users has its own key
     * @throws ProtocolFormatException if {@code theirs} gives an all-zero shared secret
     */
    public static ConversationKey derive(IdentityKeyPair mine, IdentityPublicKey theirs, String conversationId) {
        byte[] shared = mine.sharedSecretWith(theirs);
        try {
            return new ConversationKey(conversationId,
                    Hkdf.deriveKey(shared, salt(mine.publicKey(), theirs), "parley/v1/conv/" + conversationId));
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    static byte[] salt(IdentityPublicKey a, IdentityPublicKey b) {
        return Sha256.digest(IdentityPublicKey.concatenateInOrder(a, b));
    }

    public String conversationId() {
        return conversationId;
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ConversationKey[" + conversationId + ", key hidden]";
    }
}

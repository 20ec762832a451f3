package dev.parley.client.chat;

import java.util.UUID;

import dev.parley.client.crypto.IdentityPublicKey;

/**
 * The server now gives another key for a friend than the one pinned (PROTOCOL.md §5): nothing is derived from it,
 * encrypted to it or read with it. Show both safety numbers; when the users have compared the new one out of band,
 * {@link ChatClient#acceptFriendKey(FriendKeyChangedException)} pins it and the conversation can be joined.
 */
public final class FriendKeyChangedException extends RuntimeException {

    private final UUID friendId;
    private final String friendUsername;
    private final IdentityPublicKey pinnedKey;
    private final IdentityPublicKey presentedKey;
    private final String pinnedSafetyNumber;
    private final String presentedSafetyNumber;

    FriendKeyChangedException(UUID friendId, String friendUsername, IdentityPublicKey pinnedKey,
            IdentityPublicKey presentedKey, String pinnedSafetyNumber, String presentedSafetyNumber) {
        super(friendUsername + "'s security key has changed: compare the new safety number before accepting it.");
        this.friendId = friendId;
        this.friendUsername = friendUsername;
        this.pinnedKey = pinnedKey;
        this.presentedKey = presentedKey;
        this.pinnedSafetyNumber = pinnedSafetyNumber;
        this.presentedSafetyNumber = presentedSafetyNumber;
    }

    public UUID friendId() {
        return friendId;
    }

    public String friendUsername() {
        return friendUsername;
    }

    public IdentityPublicKey pinnedKey() {
        return pinnedKey;
    }

    public IdentityPublicKey presentedKey() {
        return presentedKey;
    }

    /** The safety number with the key pinned so far, the one the users may have compared before. */
    public String pinnedSafetyNumber() {
        return pinnedSafetyNumber;
    }

    /** The safety number with the new key: the one to compare now. */
    public String presentedSafetyNumber() {
        return presentedSafetyNumber;
    }
}

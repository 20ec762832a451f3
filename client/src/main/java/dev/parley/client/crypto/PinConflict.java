package dev.parley.client.crypto;

/**
 * A friend whose key in a vault another device stored differs from the key this client pinned: the client keeps its
 * own pin and warns, as for a key the server changes (PROTOCOL.md §2 and §5).
 */
public record PinConflict(String userId, IdentityPublicKey pinned, IdentityPublicKey stored) {
}

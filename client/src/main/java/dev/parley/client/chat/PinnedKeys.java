package dev.parley.client.chat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.parley.client.crypto.IdentityPublicKey;
import dev.parley.client.crypto.KeyVault;

/**
 * Where a {@link ChatClient} finds the friends' keys it pinned (PROTOCOL.md §5): it checks them before it derives any
 * conversation key, pins a friend's first key, and pins a changed key only when the application accepts it.
 */
public interface PinnedKeys {

    Optional<IdentityPublicKey> pinned(UUID userId);

    /** Pins a key (first use, or a change the user accepted) and keeps it: uploads the vault, usually. */
    void pin(UUID userId, IdentityPublicKey key);

    /**
     * The pins of the user's key vault; {@code save} is called after each new pin with the changed vault, to upload
     * it ({@code AuthClient.savePins}).
     */
    static PinnedKeys inVault(KeyVault vault, Consumer<KeyVault> save) {
        return new PinnedKeys() {
            @Override
            public Optional<IdentityPublicKey> pinned(UUID userId) {
                synchronized (vault) {
                    return vault.pinnedKey(userId.toString());
                }
            }

            @Override
            public void pin(UUID userId, IdentityPublicKey key) {
                synchronized (vault) {
                    vault.pin(userId.toString(), key);
                }
                save.accept(vault);
            }
        };
    }

    /**
     * Pins kept for this run only: a key change within the run is caught, one across restarts is not. For tools and
     * tests; a user's client pins in its vault.
     */
    static PinnedKeys inMemory() {
        Map<UUID, IdentityPublicKey> pins = new ConcurrentHashMap<>();
        return new PinnedKeys() {
            @Override
            public Optional<IdentityPublicKey> pinned(UUID userId) {
                return Optional.ofNullable(pins.get(userId));
            }

            @Override
            public void pin(UUID userId, IdentityPublicKey key) {
                pins.put(userId, key);
            }
        };
    }
}

package dev.parley.friend.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.friend.config.FriendConfig;
import io.quarkus.runtime.Startup;

/**
 * The keys that protect the social graph at rest, read from configuration and checked at startup: a service that
 * cannot seal or find rows must not start. Production has no default keys; a missing or malformed one stops the
 * service with a message naming the setting.
 */
@Startup
@ApplicationScoped
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);
    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");
    private static final String HOW_TO_MAKE_A_KEY =
            "Each key is the base64 of 32 random bytes (openssl rand -base64 32).";

    private final String currentKeyId;
    private final Map<String, SecretKey> encryptionKeys;
    private final SecretKey indexKey;

    KeyRing(FriendConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, SecretKey> keys = new HashMap<>();
        config.encryption().keys().forEach((id, value) -> {
            if (!KEY_ID.matcher(id).matches()) {
                problems.add("encryption key id '" + id + "' must be 1 to 32 lower-case letters and digits");
            }
            decode("parley.friend.encryption.keys." + id, value, problems)
                    .ifPresent(key -> keys.put(id, new SecretKeySpec(key, "AES")));
        });
        Optional<String> current = config.encryption().currentKeyId();
        if (current.isEmpty()) {
            problems.add(
                    "parley.friend.encryption.current-key-id (PARLEY_FRIEND_ENCRYPTION_CURRENT_KEY_ID) is not set");
        } else if (!config.encryption().keys().containsKey(current.get())) {
            problems.add("there is no key parley.friend.encryption.keys." + current.get()
                    + " (PARLEY_FRIEND_ENCRYPTION_KEYS_" + current.get().toUpperCase(Locale.ROOT)
                    + ") for the current key id");
        }
        Optional<byte[]> index = config.indexKey().flatMap(value -> decode("parley.friend.index-key", value, problems));
        if (config.indexKey().isEmpty()) {
            problems.add("parley.friend.index-key (PARLEY_FRIEND_INDEX_KEY) is not set");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("friend-service cannot protect the social graph: "
                    + String.join("; ", problems) + ". " + HOW_TO_MAKE_A_KEY);
        }
        this.currentKeyId = current.get();
        this.encryptionKeys = Map.copyOf(keys);
        this.indexKey = new SecretKeySpec(index.get(), "HmacSHA256");
        LOG.infof("Sealing new rows with key %s; %d key(s) available for reading", currentKeyId, encryptionKeys.size());
    }

    /** The id of the key new rows are sealed with. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The encryption key a row names; fails when it is no longer configured. */
    public SecretKey encryptionKey(String keyId) {
        SecretKey key = encryptionKeys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("A row is sealed with key " + keyId
                    + ", which is not configured (parley.friend.encryption.keys." + keyId + ")");
        }
        return key;
    }

    public SecretKey indexKey() {
        return indexKey;
    }

    private static Optional<byte[]> decode(String setting, String value, List<String> problems) {
        try {
            byte[] key = Base64.getDecoder().decode(value.trim());
            if (key.length == KEY_BYTES) {
                return Optional.of(key);
            }
            problems.add(setting + " is " + key.length + " bytes, not " + KEY_BYTES);
        } catch (IllegalArgumentException e) {
            problems.add(setting + " is not base64");
        }
        return Optional.empty();
    }
}

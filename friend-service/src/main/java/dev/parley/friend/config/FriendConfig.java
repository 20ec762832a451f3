package dev.parley.friend.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything friend-service can be tuned with; each key is also an environment variable (PARLEY_FRIEND_...). */
@ConfigMapping(prefix = "parley.friend")
public interface FriendConfig {

    Encryption encryption();

    /**
     * Base64 of 32 random bytes: the HMAC-SHA256 key of the blind indexes. Kept apart from the encryption keys, and
     * not rotated by configuration alone: every index depends on it.
     */
    Optional<String> indexKey();

    /** How long a user whose friend request was rejected must wait before sending that user a new one. */
    @WithDefault("24h")
    Duration rejectionCoolingOff();

    /** The AES-256-GCM keys that seal the rows linking two users. */
    interface Encryption {

        /** The id of the key new rows are sealed with; it must be one of {@link #keys()}. */
        Optional<String> currentKeyId();

        /**
         * Every key rows may be sealed with, by id (lower-case letters and digits), each the base64 of 32 random
         * bytes. Rows name their key, so earlier keys stay here after a rotation for as long as rows use them.
         */
        Map<String, String> keys();
    }
}

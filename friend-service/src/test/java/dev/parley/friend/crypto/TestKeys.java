package dev.parley.friend.crypto;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import dev.parley.friend.config.FriendConfig;

/** Key configurations for the crypto tests, without booting Quarkus. */
final class TestKeys {

    private TestKeys() {
    }

    /** A random base64 key of the given length. */
    static String key(int bytes) {
        byte[] key = new byte[bytes];
        new Random().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static FriendConfig config(String currentKeyId, Map<String, String> keys, String indexKey) {
        return new FriendConfig() {
            @Override
            public Encryption encryption() {
                return new Encryption() {
                    @Override
                    public Optional<String> currentKeyId() {
                        return Optional.ofNullable(currentKeyId);
                    }

                    @Override
                    public Map<String, String> keys() {
                        return keys;
                    }
                };
            }

            @Override
            public Optional<String> indexKey() {
                return Optional.ofNullable(indexKey);
            }

            @Override
            public Duration rejectionCoolingOff() {
                return Duration.ofHours(24);
            }
        };
    }
}

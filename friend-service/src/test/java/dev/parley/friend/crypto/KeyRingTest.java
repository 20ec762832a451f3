package dev.parley.friend.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyRingTest {

    @Test
    void withoutKeysTheServiceRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> new KeyRing(TestKeys.config(null, Map.of(), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parley.friend.encryption.current-key-id (PARLEY_FRIEND_ENCRYPTION_CURRENT_KEY_ID) is not set")
                .hasMessageContaining("parley.friend.index-key (PARLEY_FRIEND_INDEX_KEY) is not set")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void malformedKeysAreNamedWithoutShowingThem() {
        String shortKey = TestKeys.key(16);
        assertThatThrownBy(() -> new KeyRing(TestKeys.config("k2", Map.of("k1", shortKey, "Bad-Id", TestKeys.key(32)),
                "not base64!")))
                .hasMessageContaining("parley.friend.encryption.keys.k1 is 16 bytes, not 32")
                .hasMessageContaining("encryption key id 'Bad-Id' must be 1 to 32 lower-case letters and digits")
                .hasMessageContaining("there is no key parley.friend.encryption.keys.k2 (PARLEY_FRIEND_ENCRYPTION_KEYS_K2)")
                .hasMessageContaining("parley.friend.index-key is not base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
    }

    @Test
    void aRowNamingAKeyNoLongerConfiguredFailsClearly() {
        KeyRing keys = new KeyRing(TestKeys.config("k1", Map.of("k1", TestKeys.key(32)), TestKeys.key(32)));

        assertThat(keys.currentKeyId()).isEqualTo("k1");
        assertThatThrownBy(() -> keys.encryptionKey("k0")).hasMessageContaining("parley.friend.encryption.keys.k0");
    }
}

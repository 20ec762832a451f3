package dev.parley.friend.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.friend.crypto.RowCipher.Parties;
import dev.parley.friend.crypto.RowCipher.Sealed;

class RowCipherTest {

    private static final String OLD_KEY = TestKeys.key(32);
    private static final String NEW_KEY = TestKeys.key(32);
    private static final String INDEX_KEY = TestKeys.key(32);

    private final RowCipher cipher = cipher("k1", Map.of("k1", OLD_KEY));
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID row = UUID.randomUUID();

    private static RowCipher cipher(String current, Map<String, String> keys) {
        return new RowCipher(new KeyRing(TestKeys.config(current, keys, INDEX_KEY)));
    }

    @Test
    void opensWhatItSealedUnderTheCurrentKey() {
        Sealed sealed = cipher.seal("friendship", row, alice, bob);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.bytes()).hasSize(12 + 32 + 16);
        assertThat(cipher.open("friendship", row, sealed.keyId(), sealed.bytes())).isEqualTo(new Parties(alice, bob));
    }

    @Test
    void sealingTheSameIdsTwiceGivesUnrelatedBytes() {
        assertThat(cipher.seal("friendship", row, alice, bob).bytes())
                .isNotEqualTo(cipher.seal("friendship", row, alice, bob).bytes());
    }

    @Test
    void aSealedValueOpensOnlyInItsOwnRow() {
        Sealed sealed = cipher.seal("friendship", row, alice, bob);

        assertThatThrownBy(() -> cipher.open("friendship", UUID.randomUUID(), sealed.keyId(), sealed.bytes()))
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> cipher.open("friend_request", row, sealed.keyId(), sealed.bytes()))
                .hasMessageContaining("does not open");
        byte[] altered = sealed.bytes().clone();
        altered[20] ^= 1;
        assertThatThrownBy(() -> cipher.open("friendship", row, sealed.keyId(), altered))
                .hasMessageContaining("does not open");
    }

    @Test
    void afterARotationNewRowsUseTheNewKeyAndOldRowsStillOpen() {
        Sealed old = cipher.seal("friend_request", row, alice, bob);
        RowCipher rotated = cipher("k2", Map.of("k1", OLD_KEY, "k2", NEW_KEY));

        Sealed fresh = rotated.seal("friend_request", row, bob, alice);

        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(rotated.open("friend_request", row, old.keyId(), old.bytes())).isEqualTo(new Parties(alice, bob));
        assertThatThrownBy(() -> cipher.open("friend_request", row, fresh.keyId(), fresh.bytes()))
                .hasMessageContaining("not configured");
    }
}

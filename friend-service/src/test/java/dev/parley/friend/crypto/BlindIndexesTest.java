package dev.parley.friend.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class BlindIndexesTest {

    private final String indexKey = TestKeys.key(32);
    private final BlindIndexes indexes = indexes(indexKey);
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    private static BlindIndexes indexes(String indexKey) {
        return new BlindIndexes(new KeyRing(TestKeys.config("k1", Map.of("k1", TestKeys.key(32)), indexKey)));
    }

    @Test
    void theSameUserAlwaysGetsTheSameIndexSoRowsCanBeLookedUp() {
        assertThat(indexes.member(alice)).isEqualTo(indexes.member(alice)).hasSize(32);
        assertThat(indexes.pair(alice, bob)).isEqualTo(indexes.pair(bob, alice));
        assertThat(indexes(indexKey).sender(alice)).isEqualTo(indexes.sender(alice));
    }

    @Test
    void eachPurposeAndEachKeyGivesUnrelatedIndexes() {
        assertThat(indexes.member(alice)).isNotEqualTo(indexes.sender(alice)).isNotEqualTo(indexes.recipient(alice));
        assertThat(indexes.sender(alice)).isNotEqualTo(indexes.recipient(alice));
        assertThat(indexes.member(alice)).isNotEqualTo(indexes.member(bob));
        assertThat(indexes(TestKeys.key(32)).member(alice)).isNotEqualTo(indexes.member(alice));
    }
}

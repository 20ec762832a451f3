package dev.parley.chat.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsAreVersion7AndEachSortsAfterTheOnesBefore() throws InterruptedException {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(MessageIds.next());
            if (i % 500 == 0) {
                Thread.sleep(2); // across milliseconds as well as within one
            }
        }

        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // As PostgreSQL orders uuid values: byte by byte, which is the order of their hex text.
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
    }

    @Test
    void anIdCarriesTheMillisecondItWasMadeIn() {
        long before = System.currentTimeMillis();
        UUID id = MessageIds.next();
        long after = System.currentTimeMillis();

        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }
}

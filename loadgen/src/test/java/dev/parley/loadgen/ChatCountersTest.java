package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ChatCountersTest {

    @Test
    void takesEveryParleyChatSampleWithItsLabels() {
        String exposition = """
                # HELP parley_chat_messages_stored_total Messages stored
                # TYPE parley_chat_messages_stored_total counter
                parley_chat_messages_stored_total 1500.0
                parley_chat_frames_delivered_total{path="local"} 1200.0
                parley_chat_frames_delivered_total{path="relayed",reason="a } and spaces"} 3.0 1700000000000
                jvm_memory_used_bytes{area="heap",id="eden"} 1.2E7
                parley_chatter_total 5.0
                """;

        assertThat(ChatCounters.parse(exposition)).containsExactly(
                entry("parley_chat_messages_stored_total", 1500.0),
                entry("parley_chat_frames_delivered_total{path=\"local\"}", 1200.0),
                entry("parley_chat_frames_delivered_total{path=\"relayed\",reason=\"a } and spaces\"}", 3.0));
    }

    @Test
    void aCounterThatAppearedDuringTheWindowGrewFromZero() {
        Map<String, Double> delta = ChatCounters.delta(Map.of("a_total", 10.0),
                Map.of("a_total", 25.0, "b_total", 4.0));

        assertThat(delta).containsOnly(entry("a_total", 15.0), entry("b_total", 4.0));
    }
}

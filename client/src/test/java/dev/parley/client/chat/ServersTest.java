package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServersTest {

    private static final URI FIRST = URI.create("http://127.0.0.1:8184/");
    private static final URI SECOND = URI.create("http://127.0.0.1:8185/");
    private static final URI THIRD = URI.create("http://127.0.0.1:8186/");

    @Test
    void theFirstAddressIsKeptUntilAConnectToItFails() {
        Servers servers = new Servers(List.of(FIRST, SECOND, THIRD));
        assertThat(servers.current()).isEqualTo(FIRST);

        servers.failed(FIRST);
        assertThat(servers.current()).isEqualTo(SECOND);
        servers.failed(SECOND);
        assertThat(servers.current()).isEqualTo(THIRD);
        servers.failed(THIRD);
        assertThat(servers.current()).as("round again").isEqualTo(FIRST);
    }

    @Test
    void aLateFailureOfAnAddressLeftBehindSkipsNothing() {
        Servers servers = new Servers(List.of(FIRST, SECOND, THIRD));
        servers.failed(FIRST);

        servers.failed(FIRST);

        assertThat(servers.current()).isEqualTo(SECOND);
    }

    @Test
    void oneAddressIsTriedAgainAndAgain() {
        Servers servers = new Servers(List.of(FIRST));
        servers.failed(FIRST);
        assertThat(servers.current()).isEqualTo(FIRST);
        assertThatThrownBy(() -> new Servers(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

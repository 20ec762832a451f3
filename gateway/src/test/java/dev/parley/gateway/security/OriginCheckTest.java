package dev.parley.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.net.HostAndPort;

class OriginCheckTest {

    private final OriginCheck ownOrigin = new OriginCheck(Optional.empty());
    private final OriginCheck configured = new OriginCheck(Optional.of(List.of("https://parley.example.com",
            "https://chat.example.com:8443/")));

    @ParameterizedTest
    @ValueSource(strings = { "https://parley.example.com", "https://PARLEY.example.com:443",
            "https://parley.example.com/" })
    void allowsTheGatewaysOwnOriginByDefault(String origin) {
        assertThat(ownOrigin.allows(origin, HostAndPort.create("parley.example.com", -1))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://parley.example.com", "https://parley.example.com:8443", "https://evil.example",
            "https://parley.example.com.evil.example", "null", "", "not an origin" })
    void refusesEveryOtherOriginByDefault(String origin) {
        assertThat(ownOrigin.allows(origin, HostAndPort.create("parley.example.com", -1))).isFalse();
    }

    @Test
    void takesThePortOfTheHostIntoAccount() {
        assertThat(ownOrigin.allows("https://localhost:8443", HostAndPort.create("localhost", 8443))).isTrue();
        assertThat(ownOrigin.allows("https://localhost", HostAndPort.create("localhost", 8443))).isFalse();
    }

    @Test
    void allowsOnlyTheConfiguredOriginsWhenThereAreAny() {
        HostAndPort host = HostAndPort.create("internal-gateway", 8443);

        assertThat(configured.allows("https://parley.example.com", host)).isTrue();
        assertThat(configured.allows("https://chat.example.com:8443", host)).isTrue();
        assertThat(configured.allows("https://internal-gateway:8443", host)).isFalse();
    }

    @Test
    void refusesToStartWithAConfiguredValueThatIsNoOrigin() {
        assertThatThrownBy(() -> new OriginCheck(Optional.of(List.of("https://parley.example.com/app"))))
                .hasMessageContaining("parley.gateway.allowed-origins");
    }
}

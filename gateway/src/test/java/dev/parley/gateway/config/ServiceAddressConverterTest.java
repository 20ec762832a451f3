package dev.parley.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAddressConverterTest {

    private final ServiceAddressConverter converter = new ServiceAddressConverter();

    @Test
    void readsTheHostAndPortOfAServiceUrl() {
        assertThat(converter.convert("http://chat-service:8184")).isEqualTo(new ServiceAddress("chat-service", 8184));
        assertThat(converter.convert(" http://127.0.0.1:8181/ ")).isEqualTo(new ServiceAddress("127.0.0.1", 8181));
    }

    @Test
    void takesPort80WhenTheUrlNamesNone() {
        assertThat(converter.convert("http://auth")).isEqualTo(new ServiceAddress("auth", 80));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://auth:8181", "ws://chat:8184", "auth:8181", "http://auth:8181/api",
            "http://auth:8181?x=1", "http://", "not a url" })
    void refusesWhatTheGatewayCouldNotHonour(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> converter.convert(value))
                .withMessageContaining("http://host:port");
    }
}

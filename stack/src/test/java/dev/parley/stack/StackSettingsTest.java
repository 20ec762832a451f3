package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackSettingsTest {

    private static final Path REPOSITORY = Path.of("/work/parley");

    @Test
    void withoutVariablesEverythingHasItsDocumentedDefault() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), REPOSITORY);

        assertThat(settings.home().root()).isEqualTo(Path.of("/work/parley/.parley"));
        assertThat(settings.port(StackPort.HTTPS)).isEqualTo(8443);
        assertThat(settings.port(StackPort.HTTP)).isEqualTo(8080);
        assertThat(settings.port(StackPort.AUTH)).isEqualTo(8181);
        assertThat(settings.port(StackPort.FRIEND)).isEqualTo(8182);
        assertThat(settings.port(StackPort.PRESENCE)).isEqualTo(8183);
        assertThat(settings.port(StackPort.CHAT)).isEqualTo(8184);
        assertThat(settings.port(StackPort.POSTGRES)).isEqualTo(15432);
        assertThat(settings.port(StackPort.KAFKA)).isEqualTo(19092);
        assertThat(settings.javaOptions()).containsExactly("-Xmx384m", "-XX:+UseSerialGC");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.chatInstances()).isEqualTo(1);
    }

    @Test
    void variablesMoveThePortsTheHomeAndTheJvmOptions() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "PARLEY_HTTPS_PORT", "9443",
                "PARLEY_CHAT_PORT", " 9184 ",
                "PARLEY_HOME", "/tmp/parley-data",
                "PARLEY_JAVA_OPTS", "  -Xmx256m   -XX:TieredStopAtLevel=1 ",
                "PARLEY_START_TIMEOUT", "300"), REPOSITORY);

        assertThat(settings.port(StackPort.HTTPS)).isEqualTo(9443);
        assertThat(settings.port(StackPort.CHAT)).isEqualTo(9184);
        assertThat(settings.port(StackPort.AUTH)).isEqualTo(8181);
        assertThat(settings.home().root()).isEqualTo(Path.of("/tmp/parley-data"));
        assertThat(settings.javaOptions()).containsExactly("-Xmx256m", "-XX:TieredStopAtLevel=1");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void emptyVariablesCountAsUnset() {
        StackSettings settings = StackSettings.fromEnvironment(
                Map.of("PARLEY_AUTH_PORT", "", "PARLEY_HOME", " ", "PARLEY_JAVA_OPTS", ""), REPOSITORY);

        assertThat(settings.port(StackPort.AUTH)).isEqualTo(8181);
        assertThat(settings.home().root()).isEqualTo(Path.of("/work/parley/.parley"));
        assertThat(settings.javaOptions()).isEqualTo(StackSettings.DEFAULT_JAVA_OPTIONS);
    }

    @Test
    void aRelativeHomeIsMadeAbsolute() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("PARLEY_HOME", "data"), REPOSITORY);

        assertThat(settings.home().root()).isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void aPortThatIsNotANumberNamesItsVariable() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("PARLEY_KAFKA_PORT", "kafka"), REPOSITORY))
                .isInstanceOf(StackException.class)
                .hasMessage("PARLEY_KAFKA_PORT=kafka is not a port number (1-65535).");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("PARLEY_HTTP_PORT", "70000"), REPOSITORY))
                .hasMessage("PARLEY_HTTP_PORT=70000 is not a port number (1-65535).");
    }

    @Test
    void twoPartsCannotShareAPort() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("PARLEY_CHAT_PORT", "8181"), REPOSITORY))
                .isInstanceOf(StackException.class)
                .hasMessage("PARLEY_AUTH_PORT and PARLEY_CHAT_PORT are both 8181; each needs a port of its own.");
    }

    @Test
    void theLaterChatInstancesListenOnThePortsAfterTheChatPort() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("PARLEY_CHAT_PORT", "9100"), REPOSITORY)
                .withChatInstances(3);

        assertThat(settings.instances(Service.CHAT)).extracting(ServiceInstance::name, ServiceInstance::port)
                .containsExactly(tuple("chat-service", 9100), tuple("chat-service-2", 9101),
                        tuple("chat-service-3", 9102));
        assertThat(settings.instances(Service.AUTH)).extracting(ServiceInstance::name, ServiceInstance::port)
                .containsExactly(tuple("auth-service", 8181));
    }

    @Test
    void aLaterChatInstanceCannotTakeAnotherPartsPort() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("PARLEY_CHAT_PORT", "8179"), REPOSITORY);

        assertThatThrownBy(() -> settings.withChatInstances(3))
                .isInstanceOf(StackException.class)
                .hasMessage("chat-service-3 would listen on port 8181, which PARLEY_AUTH_PORT sets (chat-service-N"
                        + " listens on PARLEY_CHAT_PORT + N - 1); move one of them.");
        assertThat(settings.withChatInstances(2).chatInstances()).isEqualTo(2);
    }

    @Test
    void aLaterChatInstanceNeedsAPortNumber() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("PARLEY_CHAT_PORT", "65535"), REPOSITORY);

        assertThatThrownBy(() -> settings.withChatInstances(2))
                .hasMessage("chat-service-2 would listen on port 65536; set PARLEY_CHAT_PORT lower.");
    }

    @Test
    void aStartTimeoutMustBeAPositiveNumberOfSeconds() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("PARLEY_START_TIMEOUT", "0"), REPOSITORY))
                .hasMessage("PARLEY_START_TIMEOUT=0 is not a number of seconds.");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("PARLEY_START_TIMEOUT", "2m"), REPOSITORY))
                .hasMessage("PARLEY_START_TIMEOUT=2m is not a number of seconds.");
    }
}

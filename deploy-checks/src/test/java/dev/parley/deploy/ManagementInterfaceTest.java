package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifests, images and compose file expect every module's health and metrics on Quarkus' management interface,
 * plain HTTP on port 9000 ({@link ServiceModule#MANAGEMENT}). A module's own production settings must not move it
 * elsewhere: another port, TLS, or the main port.
 */
class ManagementInterfaceTest {

    static Stream<String> modules() {
        return Repository.applicationModules().stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void productionSettingsKeepTheManagementInterfaceOnPlainPort9000(String module) {
        ServiceModule service = ServiceModule.of(module, ServiceModule.dockerfileEnvironment(module));
        Properties properties = service.properties();

        assertThat(service.setting("quarkus.management.port").orElse("9000")).as("%s management port", module)
                .isEqualTo(String.valueOf(ServiceModule.MANAGEMENT.port()));
        assertThat(properties.stringPropertyNames()).as("%s: no TLS on the management interface in production", module)
                .noneMatch(key -> !key.startsWith("%test.") && !key.startsWith("%dev.")
                        && key.matches("(%prod\\.)?quarkus\\.management\\.(ssl|tls).*"));
        assertThat(service.setting("quarkus.management.enabled")).as("%s: the management interface is not switched off",
                module).isNotEqualTo(java.util.Optional.of("false"));
        assertThat(service.httpPort()).as("%s: the main port is another one", module)
                .isNotEqualTo(ServiceModule.MANAGEMENT.port());
    }
}

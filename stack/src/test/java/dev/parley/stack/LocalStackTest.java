package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.infra.PostgresServer.Durability;

/** What {@link LocalStack#start()} refuses before it starts anything. */
class LocalStackTest {

    @TempDir
    Path folder;

    @Test
    void aTakenPortStopsTheStartWithOneLinePerPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> environment = freePorts();
            environment.put("PARLEY_KAFKA_PORT", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> stack(environment, LocalStack.Scope.INFRASTRUCTURE).start())
                    .isInstanceOf(StackException.class)
                    .hasMessage("Port " + taken.getLocalPort()
                            + " (Kafka) is already in use; set PARLEY_KAFKA_PORT to another port.");
        }
    }

    @Test
    void applicationsThatWereNeverBuiltAreNamed() {
        assertThatThrownBy(() -> stack(freePorts(), LocalStack.Scope.EVERYTHING).start())
                .isInstanceOf(StackException.class)
                .hasMessage("Not built yet: auth-service, friend-service, presence-service, chat-service, gateway"
                        + " (no target/quarkus-app/quarkus-run.jar). Run ./parley up --build.");
    }

    @Test
    void aKeptDatabaseWithoutItsPasswordsIsRefused() throws IOException {
        Path postgres = folder.resolve("home/postgres");
        Files.createDirectories(postgres);
        Files.writeString(postgres.resolve("PG_VERSION"), "17\n");

        assertThatThrownBy(() -> stack(freePorts(), LocalStack.Scope.INFRASTRUCTURE).start())
                .isInstanceOf(StackException.class)
                .hasMessageContaining("secrets.properties is gone")
                .hasMessageEndingWith("./parley reset starts both afresh.");
    }

    private Map<String, String> freePorts() {
        Map<String, String> environment = FreePorts.forEveryPart();
        environment.put(StackSettings.HOME_VARIABLE, folder.resolve("home").toString());
        return environment;
    }

    private LocalStack stack(Map<String, String> environment, LocalStack.Scope scope) {
        StackSettings settings = StackSettings.fromEnvironment(environment, folder.resolve("repository"));
        PrintStream discarded = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new LocalStack(settings, scope, Durability.FAST, discarded);
    }
}

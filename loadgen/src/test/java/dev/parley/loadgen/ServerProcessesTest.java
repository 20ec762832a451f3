package dev.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessesTest {

    @TempDir
    Path home;

    @Test
    void measuresEachPidFileTheLauncherAndPostgresWithItsReapedChildren() throws Exception {
        Files.createDirectories(home.resolve("pids"));
        Files.createDirectories(home.resolve("postgres"));
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        Process leaving = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(home.resolve("pids").resolve("chat-service-2.pid"), busy.pid() + "\n");
            Files.writeString(home.resolve("pids").resolve("gateway.pid"), leaving.pid() + "\n");
            Files.writeString(home.resolve("parley.pid"), ProcessHandle.current().pid() + "\n");
            // This JVM as the postmaster: a child that burns CPU and exits counts through cutime once reaped.
            Files.writeString(home.resolve("postgres").resolve("postmaster.pid"),
                    ProcessHandle.current().pid() + "\n/some/data\n");
            ServerProcesses processes = ServerProcesses.find(home);
            assertThat(processes.watched()).extracting(ServerProcesses.Watched::name).containsExactly(
                    "chat-service-2", "gateway", ServerProcesses.LAUNCHER, ServerProcesses.POSTGRES);

            Map<String, ServerProcesses.Reading> start = processes.read();
            // timeout waits for its shell, so the shell's time reaches this JVM's cutime through timeout's.
            new ProcessBuilder("timeout", "0.3", "sh", "-c", "while :; do :; done").start().waitFor();
            leaving.destroy();
            leaving.waitFor();
            Map<String, Double> millis = processes.millisBetween(start, processes.read());

            assertThat(millis.get("chat-service-2")).isPositive();
            assertThat(millis.get("gateway")).isNull();
            assertThat(millis.get(ServerProcesses.POSTGRES)).isGreaterThan(millis.get(ServerProcesses.LAUNCHER));
        } finally {
            busy.destroyForcibly();
            leaving.destroyForcibly();
        }
    }

    @Test
    void withoutAStackOnlyPostgresServersFoundByNameRemain() {
        assertThat(ServerProcesses.find(home.resolve("nothing")).watched())
                .allMatch(process -> process.name().startsWith(ServerProcesses.POSTGRES) && process.withChildren());
    }
}

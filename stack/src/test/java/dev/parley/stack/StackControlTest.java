package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackControlTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatTheTestStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void withoutALauncherTheStackIsNotRunning() {
        StackControl control = control(new StackHome(folder));

        assertThat(control.status()).isEqualTo(1);
        assertThat(printed()).startsWith("Parley is not running");
        assertThat(control.down()).isZero();
        assertThat(printed()).contains("Parley is not running.");
    }

    @Test
    void aPidFileOfAProcessThatIsNotALauncherIsIgnored() throws IOException {
        StackHome home = new StackHome(folder);
        Files.writeString(home.launcherPidFile(), ProcessHandle.current().pid() + "\n");

        assertThat(control(home).runningLauncher()).isEmpty();
    }

    @Test
    void downStopsServicesWhoseLauncherIsGone() throws IOException {
        StackHome home = new StackHome(folder);
        Process orphan = startProcessNamed("quarkus-run.jar");
        Files.createDirectories(home.pids());
        Files.writeString(home.pidFile("auth-service"), orphan.pid() + "\n");
        StackControl control = control(home);

        assertThat(control.leftovers()).extracting(StackControl.Leftover::name).containsExactly("auth-service");
        control.down();

        assertThat(orphan.isAlive()).isFalse();
        assertThat(printed()).contains("auth-service (pid " + orphan.pid() + ")", "Parley is stopped.");
        assertThat(home.pids()).doesNotExist();
    }

    @Test
    void aReusedPidIsNeverSignalled() throws IOException {
        StackHome home = new StackHome(folder);
        Process unrelated = startProcessNamed("something-else");
        Files.createDirectories(home.pids());
        Files.writeString(home.pidFile("chat-service"), unrelated.pid() + "\n");

        control(home).down();

        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void resetDeletesTheDataButKeepsTheCertificates() throws IOException {
        StackHome home = homeWithData();

        control(home).reset(false);

        assertThat(home.postgres()).doesNotExist();
        assertThat(home.kafka()).doesNotExist();
        assertThat(home.logs()).doesNotExist();
        assertThat(home.secrets()).doesNotExist();
        assertThat(home.authKeys()).doesNotExist();
        assertThat(home.certificates().resolve("ca.crt")).exists();
    }

    @Test
    void resetAllDeletesTheCertificatesAndTheEmptyHome() throws IOException {
        StackHome home = homeWithData();

        control(home).reset(true);

        assertThat(home.root()).doesNotExist();
    }

    @Test
    void resetLeavesFilesItDoesNotKnow() throws IOException {
        StackHome home = homeWithData();
        Files.writeString(home.root().resolve("notes.txt"), "mine");

        control(home).reset(true);

        assertThat(home.root().resolve("notes.txt")).exists();
        assertThat(home.certificates()).doesNotExist();
    }

    private StackHome homeWithData() throws IOException {
        StackHome home = new StackHome(folder.resolve("parley"));
        for (Path dir : List.of(home.postgres(), home.kafka().resolve("users-0"), home.logs(), home.authKeys(),
                home.certificates())) {
            Files.createDirectories(dir);
        }
        Files.writeString(home.postgres().resolve("PG_VERSION"), "17\n");
        Files.writeString(home.log("auth-service"), "started\n");
        Files.writeString(home.secrets(), "auth.database.password=x\n");
        Files.writeString(home.certificates().resolve("ca.crt"), "certificate\n");
        return home;
    }

    /** A harmless long-running process whose command line contains the given word. */
    private Process startProcessNamed(String word) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", "sleep 60; echo " + word).start();
        started.add(process);
        return process;
    }

    private StackControl control(StackHome home) {
        return new StackControl(home, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }
}

package dev.parley.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path folder;

    @Test
    void theTailIsTheLastLinesOfTheLog() throws IOException {
        Path log = folder.resolve("auth-service.log");
        String fiftyLines = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        Files.writeString(log, fiftyLines);

        assertThat(ChildProcess.tail(log, 3)).containsExactly("line 48", "line 49", "line 50");
    }

    @Test
    void aShortLogIsShownWhole() throws IOException {
        Path log = folder.resolve("gateway.log");
        Files.writeString(log, "only line\n");

        assertThat(ChildProcess.tail(log, 20)).containsExactly("only line");
    }

    @Test
    void aHugeLogIsReadFromItsEndOnly() throws IOException {
        Path log = folder.resolve("chat-service.log");
        String line = "x".repeat(999) + "\n";
        Files.writeString(log, line.repeat(1000) + "the end\n");

        List<String> tail = ChildProcess.tail(log, 2);

        assertThat(tail).containsExactly("x".repeat(999), "the end");
    }

    @Test
    void stackFramesAreLeftOutSoTheMessagesFit() throws IOException {
        Path log = folder.resolve("friend-service.log");
        Files.writeString(log, String.join("\n",
                "12:00:01 ERROR Failed to start application",
                "java.lang.RuntimeException: Failed to start quarkus",
                "\tat io.quarkus.runner.ApplicationImpl.doStart(Unknown Source)",
                "\tat io.quarkus.runtime.Application.start(Application.java:101)",
                "Caused by: java.lang.IllegalStateException: parley.friend.index-key is not set",
                "\tat dev.parley.friend.crypto.KeyRing.<init>(KeyRing.java:64)",
                "\t... 9 more"));

        assertThat(ChildProcess.tail(log, 3)).containsExactly(
                "12:00:01 ERROR Failed to start application",
                "java.lang.RuntimeException: Failed to start quarkus",
                "Caused by: java.lang.IllegalStateException: parley.friend.index-key is not set");
    }

    @Test
    void anEmptyLogHasNoTail() throws IOException {
        Path log = folder.resolve("friend-service.log");
        Files.createFile(log);

        assertThat(ChildProcess.tail(log, 20)).isEmpty();
    }

    @Test
    void aMissingLogHasNoTail() {
        assertThat(ChildProcess.tail(folder.resolve("never-started.log"), 20)).isEmpty();
    }
}

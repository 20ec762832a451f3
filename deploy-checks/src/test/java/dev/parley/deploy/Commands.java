package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool where it is installed; the checks that need one are skipped where it is not. */
final class Commands {

    private Commands() {
    }

    /** What a finished command printed on standard output, its error output and its exit code. */
    record Result(int exitCode, String output, String errors) {
    }

    static boolean available(String... command) {
        try {
            return run(Repository.ROOT, List.of(command)).exitCode() == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    static Result run(Path directory, List<String> command) {
        try {
            Path errors = Files.createTempFile("parley-command", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            String errorText = Files.readString(errors);
            Files.delete(errors);
            return new Result(process.exitValue(), output, errorText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

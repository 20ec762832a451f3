package dev.parley.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What identifies a run in its result: when it started and which code it ran ({@code git rev-parse HEAD}, with
 * {@code -dirty} when the working tree has changes, which the commit then does not describe).
 */
record RunContext(String mode, Instant startedAt, String gitCommit) {

    static RunContext now(String mode) {
        return new RunContext(mode, Instant.now(), currentCommit());
    }

    private static String currentCommit() {
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String changes = git("status", "--porcelain");
        // A tree whose state cannot be read is not known to be clean.
        return head.trim() + (changes == null || !changes.isBlank() ? "-dirty" : "");
    }

    /** The output of a git command in the working directory (the repository root); null when it failed. */
    private static String git(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return git.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

package dev.parley.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A service or the gateway, running as a process of its own with its output (stdout and stderr) in a log file. */
public final class ChildProcess {

    private static final int LOG_TAIL_LINES = 20;
    /** How much of the end of a log file is read for its last lines: plenty for twenty lines of a Java log. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ more).*");

    /**
     * A session of its own for each child, so that Ctrl-C in the terminal reaches only the launcher, which then stops
     * the children itself and does not mistake their exits for crashes. Where there is no {@code setsid} (macOS) the
     * children share the terminal's signals, which stops them too.
     */
    private static final Optional<Path> SETSID = findOnPath("setsid");

    private final ProcessSpec spec;
    private final Process process;
    private final Path log;

    private ChildProcess(ProcessSpec spec, Process process, Path log) {
        this.spec = spec;
        this.process = process;
        this.log = log;
    }

    /** Starts the process, its log file replacing the previous run's, and records its pid in the stack's home. */
    static ChildProcess start(ProcessSpec spec, List<String> javaOptions, StackHome home) {
        Path log = home.log(spec.name());
        try {
            Files.createDirectories(home.logs());
            Files.createDirectories(home.pids());
            ProcessBuilder builder = new ProcessBuilder(command(spec, javaOptions, SETSID))
                    .directory(spec.workingDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(log.toFile()));
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            Files.writeString(home.pidFile(spec.name()), process.pid() + "\n");
            return new ChildProcess(spec, process, log);
        } catch (IOException e) {
            throw new StackException("Could not start " + spec.name() + ": " + e.getMessage());
        }
    }

    static List<String> command(ProcessSpec spec, List<String> javaOptions, Optional<Path> setsid) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(spec.jar().toString());
        return command;
    }

    public String name() {
        return spec.name();
    }

    public ProcessSpec spec() {
        return spec;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status; only meaningful once the process has exited. */
    public int exitStatus() {
        return process.exitValue();
    }

    /**
     * The end of the log, indented, for a message to the user: usually enough to see why the process stopped. Stack
     * frames are left out, so the lines shown are log messages and exceptions ("Caused by: ...").
     */
    String describeLogTail() {
        List<String> lines = tail(log, LOG_TAIL_LINES);
        if (lines.isEmpty()) {
            return "\n  (" + log + " is empty)";
        }
        return "\n  Last lines of " + log + ":\n"
                + lines.stream().map(line -> "    | " + line).collect(Collectors.joining("\n"));
    }

    /** The last lines of a file, leaving out the frames of stack traces ("at ..." and "... 9 more"). */
    static List<String> tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length(); // once: a running process may still be writing
            long start = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            if (bytes.length == 0) {
                return List.of();
            }
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (start > 0) {
                all = all.subList(1, all.size()); // the first line was cut in the middle
            }
            List<String> messages = all.stream().filter(line -> !STACK_FRAME.matcher(line).matches()).toList();
            return messages.subList(Math.max(0, messages.size() - lines), messages.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}

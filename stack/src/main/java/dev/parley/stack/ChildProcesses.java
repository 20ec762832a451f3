package dev.parley.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes the stack started, stopped together. Starting and closing exclude each other, so a process started
 * while the stack is being stopped (Ctrl-C during start-up) is not left behind.
 */
final class ChildProcesses implements AutoCloseable {

    /** Quarkus stops in a second or two; a process still alive after this is killed. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final StackHome home;
    private final List<String> javaOptions;
    private final List<ChildProcess> started = new ArrayList<>();
    private boolean closed;

    ChildProcesses(StackHome home, List<String> javaOptions) {
        this.home = home;
        this.javaOptions = javaOptions;
    }

    synchronized ChildProcess start(ProcessSpec spec) {
        if (closed) {
            throw new StackException("Stopped while starting.");
        }
        ChildProcess process = ChildProcess.start(spec, javaOptions, home);
        started.add(process);
        return process;
    }

    synchronized List<ChildProcess> list() {
        return List.copyOf(started);
    }

    /** Stops every process: SIGTERM to all, a grace period, then SIGKILL; and removes their pid files. */
    @Override
    public void close() {
        List<ChildProcess> processes;
        synchronized (this) {
            closed = true;
            processes = new ArrayList<>(started);
        }
        List<ProcessHandle> survivors = Processes.stop(processes.stream().map(ChildProcess::handle).toList(), GRACE);
        if (!survivors.isEmpty()) {
            throw new StackException("Could not stop processes " + survivors.stream().map(ProcessHandle::pid).toList());
        }
        for (ChildProcess process : processes) {
            try {
                Files.deleteIfExists(home.pidFile(process.name()));
            } catch (IOException e) {
                // A stale pid file is harmless: down and status check that the process is still ours.
            }
        }
    }
}

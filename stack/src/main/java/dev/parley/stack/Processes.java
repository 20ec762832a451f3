package dev.parley.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping processes politely, then firmly. */
final class Processes {

    /** How long a process gets after SIGKILL before it counts as unkillable. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private Processes() {
    }

    /**
     * Asks every process to stop (SIGTERM, which Quarkus answers with a graceful shutdown), waits up to the grace
     * period for all of them together, then kills the ones still alive.
     *
     * @return the processes that survived even that
     */
    static List<ProcessHandle> stop(Collection<ProcessHandle> processes, Duration grace) {
        processes.forEach(ProcessHandle::destroy);
        awaitExit(processes, grace);
        List<ProcessHandle> survivors = processes.stream().filter(ProcessHandle::isAlive).toList();
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(survivors, KILL_WAIT);
        return survivors.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Waits until every process has exited or the time is up; true when all have exited. */
    static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for a process failed", e.getCause());
        }
    }
}

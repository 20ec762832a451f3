package dev.parley.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Looks after a stack from the outside, through the files its launcher keeps in the data folder: {@code status},
 * {@code down}, {@code reset}, and cleaning up after a launcher that died without stopping its processes.
 * <p>
 * A recorded pid only counts while its process still looks like what was recorded (its command line), so a pid
 * reused by an unrelated process is never signalled.
 */
final class StackControl {

    /** Long enough for the launcher to give its processes their grace period and stop Kafka and PostgreSQL. */
    private static final Duration LAUNCHER_STOP_TIMEOUT = ChildProcesses.GRACE.plusSeconds(40);
    private static final Duration POSTGRES_STOP_TIMEOUT = Duration.ofSeconds(20);
    /** What the command line of every service and the gateway contains. */
    private static final String APPLICATION_MARKER = "quarkus-run.jar";

    /** A process of an earlier run, found through the pid it recorded. */
    record Leftover(String name, ProcessHandle process) {
    }

    private final StackHome home;
    private final PrintStream out;

    StackControl(StackHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** The launcher of a running stack ({@code up} or {@code infra}), if there is one. */
    Optional<ProcessHandle> runningLauncher() {
        return recordedProcess(home.launcherPidFile(), ParleyStack.class.getName());
    }

    void refuseIfRunning() {
        runningLauncher().ifPresent(launcher -> {
            throw new StackException("Parley is already running (pid " + launcher.pid()
                    + "); ./parley down stops it, ./parley status shows it.");
        });
    }

    /** Services and PostgreSQL still alive although their launcher is gone (it was killed, say). */
    List<Leftover> leftovers() {
        List<Leftover> leftovers = new ArrayList<>();
        if (Files.isDirectory(home.pids())) {
            try (Stream<Path> pidFiles = Files.list(home.pids())) {
                pidFiles.filter(file -> file.getFileName().toString().endsWith(".pid")).sorted().forEach(file -> {
                    String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                    recordedProcess(file, APPLICATION_MARKER).ifPresent(p -> leftovers.add(new Leftover(name, p)));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + home.pids(), e);
            }
        }
        postgres().ifPresent(p -> leftovers.add(new Leftover(LocalStack.POSTGRES, p)));
        return leftovers;
    }

    /** Stops what an earlier run left behind; the services first, as they hold connections to PostgreSQL. */
    void stopLeftovers() {
        List<Leftover> leftovers = leftovers();
        if (leftovers.isEmpty()) {
            return;
        }
        out.println("Stopping what an earlier run left behind: " + describe(leftovers));
        List<ProcessHandle> services = leftovers.stream()
                .filter(leftover -> !leftover.name().equals(LocalStack.POSTGRES))
                .map(Leftover::process)
                .toList();
        List<ProcessHandle> survivors = new ArrayList<>(Processes.stop(services, ChildProcesses.GRACE));
        postgres().flatMap(this::stopPostgres).ifPresent(survivors::add);
        if (!survivors.isEmpty()) {
            throw new StackException("Could not stop processes " + survivors.stream().map(ProcessHandle::pid).toList()
                    + "; stop them by hand (kill -9).");
        }
    }

    int down() {
        Optional<ProcessHandle> launcher = runningLauncher();
        if (launcher.isEmpty() && leftovers().isEmpty()) {
            out.println("Parley is not running.");
            deletePidFiles();
            return 0;
        }
        launcher.ifPresent(this::stopLauncher);
        stopLeftovers();
        deletePidFiles();
        out.println("Parley is stopped.");
        return 0;
    }

    /** Asks the launcher to stop (its shutdown hook stops everything in order) and waits; kills it if it hangs. */
    private void stopLauncher(ProcessHandle launcher) {
        out.println("Stopping Parley (pid " + launcher.pid() + ")...");
        launcher.destroy();
        if (!Processes.awaitExit(List.of(launcher), LAUNCHER_STOP_TIMEOUT)) {
            out.println("The launcher did not stop within " + LAUNCHER_STOP_TIMEOUT.toSeconds()
                    + " s; killing it and what it started.");
            launcher.destroyForcibly();
            Processes.awaitExit(List.of(launcher), Duration.ofSeconds(5));
        }
    }

    /** Prints what runs, where and whether it is ready; returns 0 when a stack is running, 1 when not. */
    int status() {
        Optional<ProcessHandle> launcher = runningLauncher();
        if (launcher.isEmpty()) {
            out.println("Parley is not running (data in " + home.root() + ").");
            List<Leftover> leftovers = leftovers();
            if (!leftovers.isEmpty()) {
                out.println("Still alive from an earlier run: " + describe(leftovers) + "; ./parley down stops them.");
            }
            return 1;
        }
        out.println("Parley is running (launcher pid " + launcher.get().pid() + ", data in " + home.root() + ").");
        Path caCertificate = home.certificates().resolve("ca.crt");
        HealthProbe probe = Files.exists(caCertificate) ? new HealthProbe(caCertificate) : new HealthProbe();
        for (Map.Entry<String, URI> endpoint : Endpoints.read(home.endpoints()).entrySet()) {
            String name = endpoint.getKey();
            URI uri = endpoint.getValue();
            if (uri.getScheme().equals("tcp")) {
                out.printf("  %-17s %-30s %s%n", name, uri.getHost() + ":" + uri.getPort(),
                        isListening(uri) ? "listening" : "not listening");
            } else {
                String pid = recordedProcess(home.pidFile(name), APPLICATION_MARKER)
                        .map(p -> "pid " + p.pid()).orElse("not running");
                out.printf("  %-17s %-30s %-10s %s%n", name, uri.getScheme() + "://" + uri.getHost() + ":"
                        + uri.getPort(), probe.isReady(ProcessPlan.readinessFor(uri)) ? "ready" : "not ready", pid);
            }
        }
        return 0;
    }

    /** Stops a running stack, then deletes its data; the certificates (which a browser may trust) only when asked. */
    int reset(boolean includeCertificates) {
        if (runningLauncher().isPresent() || !leftovers().isEmpty()) {
            down();
        }
        List<Path> data = new ArrayList<>(List.of(home.postgres(), home.kafka(), home.logs(), home.pids(),
                home.secrets(), home.authKeys(), home.endpoints(), home.launcherPidFile()));
        if (includeCertificates) {
            data.add(home.certificates());
        }
        data.forEach(Folders::deleteRecursively);
        if (includeCertificates) {
            deleteIfEmpty(home.root());
            out.println("Deleted the data in " + home.root() + ", certificates included.");
        } else {
            out.println("Deleted the data in " + home.root()
                    + " (kept the certificates; reset --all deletes them too).");
        }
        return 0;
    }

    /** PostgreSQL of this data folder, found through the pid file it keeps there. */
    private Optional<ProcessHandle> postgres() {
        return recordedProcess(home.postgres().resolve("postmaster.pid"), home.postgres().toString());
    }

    /**
     * Stops PostgreSQL the way {@code pg_ctl stop -m fast} does (SIGINT: roll back open transactions, shut down
     * cleanly); kills it if that takes too long. Returns the process when even that failed.
     */
    private Optional<ProcessHandle> stopPostgres(ProcessHandle postgres) {
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(postgres.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD) // it may have exited meanwhile: fine
                    .start()
                    .waitFor();
        } catch (IOException e) {
            postgres.destroy(); // no kill command: SIGTERM is PostgreSQL's slower "smart" shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Processes.awaitExit(List.of(postgres), POSTGRES_STOP_TIMEOUT)) {
            return Optional.empty();
        }
        List<ProcessHandle> survivors = Processes.stop(List.of(postgres), Duration.ZERO);
        return survivors.stream().findFirst();
    }

    /**
     * The live process whose pid the file holds (on its first line), provided its command line contains the marker;
     * empty otherwise.
     */
    private static Optional<ProcessHandle> recordedProcess(Path pidFile, String marker) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(firstLine))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().commandLine().map(c -> c.contains(marker)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // unreadable or half-written: nothing we can safely signal
        }
    }

    private void deletePidFiles() {
        Folders.deleteRecursively(home.pids());
        Folders.deleteRecursively(home.launcherPidFile());
        Folders.deleteRecursively(home.endpoints());
    }

    private static String describe(List<Leftover> leftovers) {
        return String.join(", ", leftovers.stream().map(l -> l.name() + " (pid " + l.process().pid() + ")").toList());
    }

    private static boolean isListening(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        } catch (IOException e) {
            // other files of the user's in a custom PARLEY_HOME: leave the folder
        }
    }
}

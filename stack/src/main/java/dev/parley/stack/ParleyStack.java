package dev.parley.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.parley.infra.PostgresServer.Durability;

import sun.misc.Signal;

/**
 * The launcher behind the {@code parley} script: {@code up}, {@code infra}, {@code down}, {@code status} and
 * {@code reset}. The script builds what is missing and runs this class with {@code -Dparley.root=<repository>};
 * settings come from the environment (see {@link StackSettings}).
 */
public final class ParleyStack {

    /** Characters a shell takes literally; anything else in a printed value is quoted. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final PrintStream out;
    private final PrintStream err;

    private ParleyStack(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] arguments) {
        System.exit(new ParleyStack(System.out, System.err).run(arguments));
    }

    private int run(String[] arguments) {
        try {
            CommandLine commandLine = CommandLine.parse(Arrays.asList(arguments));
            Path repository = Path.of(System.getProperty("parley.root", "."));
            StackSettings settings = StackSettings.fromEnvironment(System.getenv(), repository);
            StackControl control = new StackControl(settings.home(), out);
            return switch (commandLine.command()) {
                case UP -> runInForeground(settings.withChatInstances(commandLine.chatInstances()),
                        LocalStack.Scope.EVERYTHING, control);
                case INFRA -> runInForeground(settings, LocalStack.Scope.INFRASTRUCTURE, control);
                case DOWN -> control.down();
                case STATUS -> control.status();
                case RESET -> control.reset(commandLine.includeCertificates());
            };
        } catch (StackException e) {
            err.println(e.getMessage());
            return e.exitStatus();
        } catch (UncheckedIOException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    /**
     * Starts the stack and stays until Ctrl-C, {@code ./parley down} or a process that exits on its own, then stops
     * everything. A shutdown hook covers the other ways out of the JVM (apart from SIGKILL). PostgreSQL runs durable:
     * the data folder holds people's accounts and messages.
     */
    private int runInForeground(StackSettings settings, LocalStack.Scope scope, StackControl control) {
        control.refuseIfRunning();
        control.stopLeftovers();
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());

        LocalStack stack = new LocalStack(settings, scope, Durability.DURABLE, out);
        writeLauncherPid(settings.home());
        Runnable stop = () -> {
            stack.close();
            deleteQuietly(settings.home().launcherPidFile());
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "parley-stop"));
        AtomicInteger signalStatus = new AtomicInteger();
        stopOnSignals(stop, signalStatus);

        int status;
        try {
            status = runUntilStopped(stack, scope, signalStatus);
        } finally {
            stop.run(); // also waits for a stop that a signal began, so nothing outlives the JVM
        }
        return signalStatus.get() != 0 ? signalStatus.get() : status;
    }

    private int runUntilStopped(LocalStack stack, LocalStack.Scope scope, AtomicInteger signalStatus) {
        out.println((scope == LocalStack.Scope.EVERYTHING ? "Starting Parley" : "Starting PostgreSQL and Kafka")
                + " (data in " + stack.settings().home().root() + ")");
        try {
            stack.start();
        } catch (StackException e) {
            if (signalStatus.get() == 0) {
                err.println(e.getMessage());
            }
            return 1;
        }
        if (scope == LocalStack.Scope.EVERYTHING) {
            printStackSummary(stack);
        } else {
            printInfrastructureSummary(stack);
        }

        Optional<ChildProcess> exited = stack.awaitUnexpectedExit();
        if (exited.isPresent()) {
            ChildProcess process = exited.get();
            err.println(process.name() + " exited with status " + process.exitStatus() + "; stopping everything."
                    + process.describeLogTail());
            return 1;
        }
        return 0;
    }

    /**
     * Ctrl-C (SIGINT) and {@code ./parley down} (SIGTERM) stop the stack before the JVM begins to shut down: shutdown
     * hooks run all at once, and zonky's own hook would stop PostgreSQL while the services are still closing their
     * connections to it. The stop runs at once (the main thread may be busy starting something); the main thread
     * then finishes with the status a shell reports for a process ended by that signal.
     */
    private static void stopOnSignals(Runnable stop, AtomicInteger signalStatus) {
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                signalStatus.compareAndSet(0, 128 + signal.getNumber());
                stop.run();
            });
        }
    }

    private void printStackSummary(LocalStack stack) {
        StackHome home = stack.settings().home();
        out.println();
        out.println("Parley is ready: " + stack.gatewayUrl());
        out.println("  Browsers warn about the certificate until you trust this CA (once): "
                + stack.certificates().caCertificate());
        out.println("  Logs: " + home.logs() + " (one file per service, infra.log for PostgreSQL and Kafka)");
        out.println("  Ctrl-C here, or ./parley down in another terminal, stops everything.");
    }

    private void printInfrastructureSummary(LocalStack stack) {
        StackSettings settings = stack.settings();
        out.println();
        out.println("PostgreSQL and Kafka are ready. Kafka bootstrap servers: " + stack.kafkaBootstrapServers());
        for (Map.Entry<Service, Database> entry : stack.databases().entrySet()) {
            Database database = entry.getValue();
            out.printf("  %-9s %s  (reactive: %s)  user %s  password %s%n", entry.getKey().database(),
                    database.jdbcUrl(), database.reactiveUrl(), database.user(), database.password());
        }
        out.println();
        out.println("To run a service in Quarkus dev mode against them, from the repository root in another terminal"
                + " (after ./mvnw install -DskipTests once):");
        for (Map.Entry<Service, Database> entry : stack.databases().entrySet()) {
            Service service = entry.getKey();
            Map<String, String> environment = ProcessPlan.serviceEnvironment(service, settings, entry.getValue(),
                    stack.secrets(), stack.kafkaBootstrapServers());
            out.println("  env " + environment.entrySet().stream()
                    .map(variable -> variable.getKey() + "=" + shellQuoted(variable.getValue()))
                    .collect(Collectors.joining(" ")) + " ./mvnw -pl " + service.module() + " quarkus:dev");
        }
        out.println();
        out.println("Ctrl-C here, or ./parley down in another terminal, stops them.");
    }

    static String shellQuoted(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    private static void writeLauncherPid(StackHome home) {
        try {
            Files.createDirectories(home.root());
            Files.writeString(home.launcherPidFile(), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new StackException("Cannot write " + home.launcherPidFile() + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale pid file is harmless: down and status check that the process is still a launcher
        }
    }
}

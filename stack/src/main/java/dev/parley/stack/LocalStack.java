package dev.parley.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logmanager.Logger;

import dev.parley.contracts.Topics;
import dev.parley.contracts.KafkaAccess;
import dev.parley.infra.KafkaBroker;
import dev.parley.infra.LocalCertificateAuthority;
import dev.parley.infra.LocalCertificateAuthority.CertificateFiles;
import dev.parley.infra.PostgresServer;
import dev.parley.infra.PostgresServer.Durability;

/**
 * The local stack: embedded PostgreSQL and an in-process Kafka broker inside this JVM, then every service and the
 * gateway as processes of their own. {@code ./parley up} and {@code ./parley infra} run it; tests can too.
 * <p>
 * {@link #start()} returns once every process is ready. Whatever happens, {@link #close()} stops all that was started
 * (processes, then Kafka, then PostgreSQL); it may be called from a shutdown hook while {@link #start()} is still
 * running.
 */
public final class LocalStack implements AutoCloseable {

    /** How much of the stack to run. */
    public enum Scope {
        EVERYTHING,
        /** PostgreSQL and Kafka only, for running a service in Quarkus dev mode against them. */
        INFRASTRUCTURE
    }

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final StackSettings settings;
    private final Scope scope;
    private final Durability durability;
    private final PrintStream out;

    /** A started part of the stack, by the name the user knows it by. */
    private record Part(String name, AutoCloseable resource) {
    }

    private final Deque<Part> started = new ArrayDeque<>();
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    private volatile boolean closed;

    private volatile Secrets secrets;
    private volatile Map<Service, Database> databases = Map.of();
    private volatile String kafkaBootstrapServers;
    private volatile Map<String, Object> kafkaAdminProperties = Map.of();
    private volatile CertificateFiles certificates;
    private volatile ChildProcesses processes;

    /**
     * The whole stack for a run of tests, as {@code ./parley up} runs it but on free ports, with a fresh data folder
     * at {@code home} (the services' logs stay there for a look after a failure), the packaged applications of the
     * checkout at {@code repository}, and the infrastructure's log in the data folder. PostgreSQL runs
     * {@link Durability#FAST}: the data is thrown away anyway. Stopped at JVM exit if the caller does not close it
     * first (a failsafe timeout, Ctrl-C); when starting fails, what had started is stopped.
     */
    public static LocalStack startForTests(Path home, Path repository, Duration startTimeout) {
        Folders.deleteRecursively(home);
        Map<String, String> environment = FreePorts.forEveryPart();
        environment.put(StackSettings.HOME_VARIABLE, home.toString());
        environment.put(StackSettings.START_TIMEOUT_VARIABLE, Long.toString(startTimeout.toSeconds()));
        StackSettings settings = StackSettings.fromEnvironment(environment, repository);
        InfrastructureLogging.sendTo(settings.home().infrastructureLog());

        LocalStack stack = new LocalStack(settings, Scope.EVERYTHING, Durability.FAST, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Prepares a stack; nothing runs before {@link #start()}. Progress goes to {@code out}, one line per step.
     *
     * @param durability whether PostgreSQL's commits wait for the disk: {@link Durability#DURABLE} for data that
     *                   people keep
     */
    public LocalStack(StackSettings settings, Scope scope, Durability durability, PrintStream out) {
        this.settings = settings;
        this.scope = scope;
        this.durability = durability;
        this.out = out;
    }

    /**
     * Checks the ports and the build, starts everything and waits until every process is ready. When it fails (with
     * a {@link StackException} saying why, for the user), what had started keeps running until {@link #close()}.
     */
    public void start() {
        checkPortsAreFree();
        if (scope == Scope.EVERYTHING) {
            checkApplicationsAreBuilt();
        }
        checkPasswordsMatchDatabase();
        Endpoints.write(settings.home().endpoints(), endpoints());

        startPostgres();
        startKafka();
        if (scope == Scope.EVERYTHING) {
            certificates = step("Generating the certificates",
                    () -> LocalCertificateAuthority.ensure(settings.home().certificates(), List.of()));
            startProcesses();
        }
    }

    private void checkPortsAreFree() {
        List<StackPort> ports = Stream.of(StackPort.values())
                .filter(port -> scope == Scope.EVERYTHING || port.isInfrastructure())
                .toList();
        List<String> problems = PortCheck.problems(settings, ports);
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n", problems));
        }
    }

    private void checkApplicationsAreBuilt() {
        Stream<String> modules = Stream.concat(Stream.of(Service.values()).map(Service::module),
                Stream.of(ProcessPlan.GATEWAY));
        List<String> missing = modules
                .filter(module -> !Files.isRegularFile(ProcessPlan.applicationJar(settings, module)))
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("Not built yet: " + String.join(", ", missing)
                    + " (no target/quarkus-app/quarkus-run.jar). Run ./parley up --build.");
        }
    }

    /** The roles of a kept database cluster have the kept passwords: one without the other cannot be used. */
    private void checkPasswordsMatchDatabase() {
        StackHome home = settings.home();
        if (Files.exists(home.postgres().resolve("PG_VERSION")) && !Files.exists(home.secrets())) {
            throw new StackException(home.secrets() + " is gone, but the database in " + home.postgres()
                    + " was set up with its passwords. ./parley reset starts both afresh.");
        }
    }

    private Map<String, URI> endpoints() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        endpoints.put(POSTGRES, URI.create("tcp://" + ProcessPlan.LOOPBACK + ":" + settings.port(StackPort.POSTGRES)));
        endpoints.put(KAFKA, URI.create("tcp://" + ProcessPlan.LOOPBACK + ":" + settings.port(StackPort.KAFKA)));
        if (scope == Scope.EVERYTHING) {
            for (Service service : Service.values()) {
                for (ServiceInstance instance : settings.instances(service)) {
                    endpoints.put(instance.name(), ProcessPlan.apiAddress(instance));
                }
            }
            endpoints.put(ProcessPlan.GATEWAY, ProcessPlan.gatewayUrl(settings));
        }
        return endpoints;
    }

    private void startPostgres() {
        long begin = System.nanoTime();
        // The passwords first: a cluster is never kept without the passwords its roles are created with.
        secrets = Secrets.load(settings.home().secrets());
        Map<Service, String> passwords = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            passwords.put(service, secrets.databasePassword(service));
        }
        PostgresServer postgres = keep("PostgreSQL", step("PostgreSQL",
                () -> PostgresServer.start(settings.home().postgres(), settings.port(StackPort.POSTGRES), durability,
                        secrets.postgresSuperuserPassword())));
        Map<Service, Database> created = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String password = passwords.get(service);
            step("PostgreSQL", () -> {
                postgres.ensureDatabase(service.database(), service.role(), password);
                return null;
            });
            created.put(service, new Database(service.database(), service.role(), password,
                    postgres.jdbcUrl(service.database()), postgres.reactiveUrl(service.database())));
        }
        databases = Collections.unmodifiableMap(created);
        progress("PostgreSQL", postgres.host() + ":" + postgres.port(),
                "ready in " + secondsSince(begin) + " (" + durability.description() + ")");
    }

    private void startKafka() {
        long begin = System.nanoTime();
        // Every client logs in, and each service may write only its own topics (KafkaAccess).
        KafkaBroker kafka = keep("Kafka", step("Kafka", () -> KafkaBroker.start(settings.home().kafka(),
                settings.port(StackPort.KAFKA), secrets.kafkaPassword(KafkaBroker.ADMIN))));
        step("Kafka", () -> {
            kafka.createTopics(Topics.ALL.stream().map(LocalStack::newTopic).toList());
            Map<String, String> passwords = new java.util.HashMap<>();
            KafkaAccess.ALL.forEach(principal -> passwords.put(principal.name(), secrets.kafkaPassword(principal.name())));
            kafka.grant(KafkaAccess.ALL, passwords);
            return null;
        });
        kafkaAdminProperties = kafka.adminProperties();
        kafkaBootstrapServers = kafka.bootstrapServers();
        progress("Kafka", kafka.bootstrapServers(), "ready in " + secondsSince(begin));
    }

    /** Topics are created up front, compacted ones as tables, so no client races the broker's auto-creation. */
    static NewTopic newTopic(Topics.TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs());
    }

    /**
     * Runs a step that runs inside the launcher (PostgreSQL, Kafka, certificates), turning a failure into one line for
     * the user; the details go to the infrastructure log.
     */
    private <T> T step(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (StackException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, what + " failed", e);
            throw new StackException(what + " failed: " + rootCauseMessage(e) + " (details in "
                    + settings.home().infrastructureLog() + ")");
        }
    }

    private void startProcesses() {
        ChildProcesses children = keep("the services and the gateway",
                new ChildProcesses(settings.home(), settings.javaOptions()));
        processes = children;
        long begin = System.nanoTime();
        List<ProcessSpec> plan = ProcessPlan.processes(settings, databases, secrets, kafkaBootstrapServers,
                certificates);
        plan.forEach(children::start);
        awaitReadiness(children.list(), begin);
    }

    private void awaitReadiness(List<ChildProcess> children, long begin) {
        HealthProbe probe = new HealthProbe(certificates.caCertificate());
        long deadline = begin + settings.startTimeout().toNanos();
        List<ChildProcess> waiting = new ArrayList<>(children);
        Map<String, URI> addresses = endpoints();
        while (!waiting.isEmpty()) {
            for (ChildProcess child : List.copyOf(waiting)) {
                if (closed) {
                    throw new StackException("Stopped while starting.");
                }
                if (!child.isAlive()) {
                    throw new StackException(child.name() + " exited with status " + child.exitStatus()
                            + " while starting." + child.describeLogTail());
                }
                if (probe.isReady(child.spec().readiness())) {
                    waiting.remove(child);
                    URI address = addresses.getOrDefault(child.name(), child.spec().readiness());
                    progress(child.name(), baseUrl(address), "ready in " + secondsSince(begin));
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                throw new StackException(waiting.stream().map(ChildProcess::name).collect(Collectors.joining(", "))
                        + " did not become ready within " + settings.startTimeout().toSeconds() + " s (set "
                        + StackSettings.START_TIMEOUT_VARIABLE + " to wait longer)."
                        + waiting.stream().map(ChildProcess::describeLogTail).collect(Collectors.joining()));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /**
     * Blocks until a process exits on its own (it crashed, or someone stopped it) and returns it; returns empty when
     * the stack is closed instead.
     */
    public Optional<ChildProcess> awaitUnexpectedExit() {
        List<ChildProcess> children = processes == null ? List.of() : processes.list();
        Stream<CompletableFuture<?>> exits = children.stream().map(child -> child.handle().onExit());
        CompletableFuture.anyOf(Stream.concat(exits, Stream.of(closing)).toArray(CompletableFuture[]::new)).join();
        if (closed) {
            return Optional.empty();
        }
        return children.stream().filter(child -> !child.isAlive()).findFirst();
    }

    /** Stops everything that was started, latest first; safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing.complete(null);
        boolean anythingStarted = !started.isEmpty();
        if (anythingStarted) {
            out.println("Stopping Parley...");
        }
        while (!started.isEmpty()) {
            Part part = started.pop();
            try {
                part.resource().close();
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Could not stop " + part.name(), e);
                out.println("  Could not stop " + part.name() + ": " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(settings.home().endpoints());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not delete " + settings.home().endpoints(), e);
        }
        if (anythingStarted) {
            out.println("Parley stopped.");
        }
    }

    /** Remembers a started part for {@link #close()}; stops it at once when the stack was closed meanwhile. */
    private synchronized <T extends AutoCloseable> T keep(String name, T resource) {
        if (closed) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Could not stop " + name, e);
            }
            throw new StackException("Stopped while starting.");
        }
        started.push(new Part(name, resource));
        return resource;
    }

    public StackSettings settings() {
        return settings;
    }

    /** Where each service's database is; empty before PostgreSQL has started. */
    public Map<Service, Database> databases() {
        return databases;
    }

    /** The generated passwords and keys; null before PostgreSQL has started. */
    public Secrets secrets() {
        return secrets;
    }

    /** The broker's admin login, for tools and tests that must see every topic. */
    public Map<String, Object> kafkaAdminProperties() {
        return kafkaAdminProperties;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The generated CA and server certificate; null with {@link Scope#INFRASTRUCTURE}. */
    public CertificateFiles certificates() {
        return certificates;
    }

    public URI gatewayUrl() {
        return ProcessPlan.gatewayUrl(settings);
    }

    /** The services and the gateway, in start order. */
    public List<ChildProcess> processes() {
        return processes == null ? List.of() : processes.list();
    }

    private void progress(String what, String where, String note) {
        out.printf("  %-17s %-30s %s%n", what, where, note);
    }

    private static String baseUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static String secondsSince(long begin) {
        return String.format("%.1f s", (System.nanoTime() - begin) / 1e9);
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while starting.");
        }
    }
}

package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * More gateway processes in front of the running stack's services, for as long as a run needs them. The gateway
 * needs two descriptors per proxied socket and a process may have 20,000 here, so one gateway cannot carry 10,000
 * sockets; several can.
 * <p>
 * Each gets what the stack gives its own gateway (stack's {@code ProcessPlan.gatewayEnvironment}): the stack's TLS
 * certificate and key, the services' addresses, loopback, the same JVM options ({@code PARLEY_JAVA_OPTS}) — on free
 * ports of its own. The rest of the environment is this process's, as it is for {@code ./parley up}, so settings
 * such as raised rate limits ({@code PARLEY_GATEWAY_RATE_LIMITS_*}) apply to them as well when exported for both.
 */
final class ExtraGateways implements AutoCloseable {

    private static final Path MODULE = Path.of("gateway");
    private static final Path APPLICATION = MODULE.resolve("target/quarkus-app/quarkus-run.jar");
    private static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** One started gateway. */
    record Gateway(String name, URI url, Process process) {
    }

    private final List<Gateway> started = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::stop, "stop-extra-gateways");

    private ExtraGateways() {
    }

    /** Starts {@code count} gateways one after the other and waits until each is ready; none when 0. */
    static ExtraGateways start(int count, Options options, Http http) {
        ExtraGateways gateways = new ExtraGateways();
        if (count == 0) {
            return gateways;
        }
        Runtime.getRuntime().addShutdownHook(gateways.stopOnExit);
        try {
            for (int i = 1; i <= count; i++) {
                Gateway gateway = startOne("gateway-extra-" + i, options);
                gateways.started.add(gateway);
                awaitReady(gateway, http, options);
            }
        } catch (RuntimeException e) {
            gateways.close();
            throw e;
        }
        return gateways;
    }

    List<Gateway> started() {
        return started;
    }

    private static Gateway startOne(String name, Options options) {
        if (!Files.exists(APPLICATION)) {
            throw new IllegalStateException(APPLICATION.toAbsolutePath() + " is missing: build the project, and run "
                    + "the load generator from the repository root");
        }
        int httpsPort = freePort();
        Path certificates = options.home().resolve("certs").toAbsolutePath();
        Path log = log(options, name);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions());
        command.add("-jar");
        command.add(APPLICATION.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(MODULE.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            environment.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(httpsPort));
            // health and metrics where Options.management looks for them
            environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(httpsPort + 1000));
            environment.put("PARLEY_TLS_CERT_FILE", certificates.resolve("server.crt").toString());
            environment.put("PARLEY_TLS_KEY_FILE", certificates.resolve("server.key").toString());
            for (String service : List.of("auth", "friend", "presence", "chat")) {
                // every instance of the service (chat-service, chat-service-2, ...), as the stack's gateway gets them
                String addresses = options.stackEndpoints().entrySet().stream()
                        .filter(endpoint -> endpoint.getKey().equals(service + "-service")
                                || endpoint.getKey().startsWith(service + "-service-"))
                        .map(endpoint -> endpoint.getValue().toString())
                        .collect(Collectors.joining(","));
                if (addresses.isEmpty()) {
                    throw new IllegalStateException("No address of " + service + "-service in "
                            + options.home().resolve("endpoints.properties") + " (is the stack up? set --home)");
                }
                environment.put("PARLEY_GATEWAY_SERVICES_" + service.toUpperCase(Locale.ROOT), addresses);
            }
            Process process = builder.start();
            URI url = URI.create("https://localhost:" + httpsPort);
            System.out.printf("Starting %s on %s (pid %d, log %s)...%n", name, url, process.pid(), log);
            return new Gateway(name, url, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    private static List<String> javaOptions() {
        String fromEnvironment = System.getenv("PARLEY_JAVA_OPTS");
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_JAVA_OPTIONS
                : Arrays.asList(fromEnvironment.trim().split("\\s+"));
    }

    private static Path log(Options options, String name) {
        return options.home().resolve("logs").resolve(name + ".log").toAbsolutePath();
    }

    private static void awaitReady(Gateway gateway, Http http, Options options) {
        Path log = log(options, gateway.name());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI readiness = Options.management(gateway.url()).resolve("/q/health/ready");
        while (true) {
            if (!gateway.process().isAlive()) {
                throw new IllegalStateException(gateway.name() + " exited with status " + gateway.process().exitValue()
                        + "; see " + log);
            }
            if (http.status(readiness) == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(gateway.name() + " was not ready after " + START_TIMEOUT.toSeconds()
                        + " s; see " + log);
            }
            Pairs.sleep(Duration.ofMillis(500));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Shutting down already, or never registered: the hook stops them, or there is nothing to stop.
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL for one that does not stop in time. */
    private synchronized void stop() {
        for (Gateway gateway : started) {
            gateway.process().destroy();
        }
        for (Gateway gateway : started) {
            try {
                if (!gateway.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    gateway.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                gateway.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (!started.isEmpty()) {
            System.out.printf("Stopped %d extra gateway(s)%n", started.size());
        }
        started.clear();
    }
}

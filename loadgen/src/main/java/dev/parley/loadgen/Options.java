package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The command line: a command, then {@code --name value} options. Defaults fit the local stack ({@code ./parley up}):
 * its addresses come from the {@code endpoints.properties} it writes in its home, so a stack on other ports needs
 * only {@code PARLEY_HOME} (or {@code --home}).
 */
final class Options {

    private final String command;
    private final Map<String, String> values;

    private Options(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Options parse(String[] args, Set<String> known) {
        if (args.length == 0) {
            return new Options("help", Map.of());
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("Unknown or incomplete option: " + name);
            }
            values.put(name.substring(2), args[++i]);
        }
        return new Options(args[0], values);
    }

    String command() {
        return command;
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    double decimal(String name, double defaultValue) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : defaultValue;
    }

    Duration seconds(String name, int defaultSeconds) {
        return Duration.ofSeconds(integer(name, defaultSeconds));
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** The stack's data folder (PARLEY_HOME, .parley by default): certificates, pid files, the user cache. */
    Path home() {
        String fromEnvironment = System.getenv("PARLEY_HOME");
        return Path.of(text("home", fromEnvironment != null ? fromEnvironment : ".parley"));
    }

    /** The gateway for the REST calls: the first of {@link #gateways()}. */
    URI gateway() {
        return gateways().get(0);
    }

    /** {@code --gateway}, a comma-separated list; by default the stack's gateway. */
    List<URI> gateways() {
        String listed = text("gateway", stackAddress("gateway", "https://localhost:8443").toString());
        return Arrays.stream(listed.split(",")).map(String::trim).filter(url -> !url.isEmpty()).map(URI::create)
                .toList();
    }

    /**
     * The management interface (health and metrics) of the local stack's process whose API port this address names:
     * the stack serves it on plain HTTP at that port + 1000 (dev.parley.stack.ProcessPlan).
     */
    static URI management(URI apiAddress) {
        return URI.create("http://127.0.0.1:" + (apiAddress.getPort() + 1000));
    }

    /** chat-service itself, for direct connections (its metrics are at {@link #management}). */
    URI chatService() {
        return URI.create(text("chat-service", stackAddress("chat-service", "http://127.0.0.1:8184").toString()));
    }

    /** A process's pid: {@code --<option>} when given, else the pid file the local stack wrote for it. */
    long pid(String option, String processName) {
        return knownPid(option, processName).orElseThrow(() -> new IllegalStateException("No pid of " + processName
                + " in " + pidFile(processName) + " (is the stack up? or give --" + option + ")"));
    }

    /** {@link #pid}, or empty when neither the option nor the pid file gives it. */
    OptionalLong knownPid(String option, String processName) {
        if (values.containsKey(option)) {
            return OptionalLong.of(Long.parseLong(values.get(option)));
        }
        Path pidFile = pidFile(processName);
        if (!Files.exists(pidFile)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
    }

    private Path pidFile(String processName) {
        return home().resolve("pids").resolve(processName + ".pid");
    }

    /** Where the running stack's process listens, or the fallback when the stack's endpoints are not known. */
    URI stackAddress(String processName, String fallback) {
        return stackEndpoint(processName).orElse(URI.create(fallback));
    }

    /**
     * Where the running stack's process listens (scheme, host and port), from the endpoints.properties it wrote at its
     * start.
     */
    Optional<URI> stackEndpoint(String processName) {
        return Optional.ofNullable(stackEndpoints().get(processName));
    }

    /**
     * Every process of the running stack (scheme, host and port), in its start order; empty when the stack's
     * endpoints.properties is not there.
     */
    Map<String, URI> stackEndpoints() {
        Path endpoints = home().resolve("endpoints.properties");
        Map<String, URI> found = new LinkedHashMap<>();
        if (!Files.exists(endpoints)) {
            return found;
        }
        try {
            for (String line : Files.readAllLines(endpoints)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    URI address = URI.create(line.substring(equals + 1).trim());
                    found.put(line.substring(0, equals), URI.create(address.getScheme() + "://"
                            + address.getRawAuthority()));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + endpoints, e);
        }
    }

    /** {@code --out}: where to write the run's result as JSON; empty when not given. */
    Optional<Path> out() {
        return Optional.ofNullable(values.get("out")).map(Path::of);
    }
}

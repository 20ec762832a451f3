package dev.parley.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import picocli.CommandLine.Option;

/**
 * The options every command takes, mixed into each of them: where the running stack is and how accounts are made.
 * Defaults fit the local stack ({@code ./parley up}): its addresses come from the {@code endpoints.properties} it
 * writes in its home, so a stack on other ports needs only {@code PARLEY_HOME} (or {@code --home}).
 */
final class Options {

    /** Sealing runs in the senders' threads; more of them than cores only adds switching. */
    private static final int MAX_SEND_THREADS = 4;

    @Option(names = "--gateway", paramLabel = "URL", split = ",", splitSynopsisLabel = ",",
            description = "Gateway URLs; REST calls use the first, idle sockets are spread over all. Default: the "
                    + "stack's, from <home>/endpoints.properties, else https://localhost:8443.")
    List<URI> gatewayList;

    @Option(names = "--chat-service", paramLabel = "URL",
            description = "chat-service's address (its metrics, direct sockets). Default: the stack's, else "
                    + "http://127.0.0.1:8184.")
    URI chatServiceAddress;

    @Option(names = "--chat-pid", paramLabel = "PID", description = "chat-service's process. Default: <home>/pids.")
    Long chatPid;

    @Option(names = "--gateway-pid", paramLabel = "PID",
            description = "The stack's gateway's process. Default: <home>/pids.")
    Long gatewayPid;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The stack's data folder. Default: PARLEY_HOME, else .parley.")
    Path homeOption;

    @Option(names = "--kdf-iterations", paramLabel = "N", defaultValue = "600000",
            description = "PBKDF2 rounds for new accounts (default: ${DEFAULT-VALUE}).")
    int kdfIterations;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads making and signing in accounts. Default: one per core.")
    Integer threadsOption;

    @Option(names = "--send-threads", paramLabel = "N",
            description = "messages, soak: threads that seal and send. Default: one per core, at most 4.")
    Integer sendThreadsOption;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the result as JSON to this file; the summary is printed either way.")
    Path outFile;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    boolean help;

    int threads() {
        return threadsOption != null ? threadsOption : Runtime.getRuntime().availableProcessors();
    }

    int sendThreads() {
        return sendThreadsOption != null ? sendThreadsOption
                : Math.min(MAX_SEND_THREADS, Runtime.getRuntime().availableProcessors());
    }

    /** The stack's data folder (PARLEY_HOME, .parley by default): certificates, pid files, the user cache. */
    Path home() {
        if (homeOption != null) {
            return homeOption;
        }
        String fromEnvironment = System.getenv("PARLEY_HOME");
        return Path.of(fromEnvironment != null ? fromEnvironment : ".parley");
    }

    /** The gateway for the REST calls: the first of {@link #gateways()}. */
    URI gateway() {
        return gateways().get(0);
    }

    /** {@code --gateway}, a comma-separated list; by default the stack's gateway. */
    List<URI> gateways() {
        return gatewayList != null && !gatewayList.isEmpty() ? gatewayList
                : List.of(stackAddress("gateway", "https://localhost:8443"));
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
        return chatServiceAddress != null ? chatServiceAddress : stackAddress("chat-service", "http://127.0.0.1:8184");
    }

    /** chat-service's pid: {@code --chat-pid} when given, else the pid file the local stack wrote for it. */
    long chatPid() {
        return pid(chatPid, "chat-pid", "chat-service");
    }

    /** The stack's gateway's pid, as {@link #chatPid}. */
    OptionalLong knownGatewayPid() {
        return knownPid(gatewayPid, "gateway");
    }

    long gatewayPid() {
        return pid(gatewayPid, "gateway-pid", "gateway");
    }

    private long pid(Long given, String option, String processName) {
        return knownPid(given, processName).orElseThrow(() -> new IllegalStateException("No pid of " + processName
                + " in " + pidFile(processName) + " (is the stack up? or give --" + option + ")"));
    }

    /** The pid given, else the stack's pid file's, else empty. */
    private OptionalLong knownPid(Long given, String processName) {
        if (given != null) {
            return OptionalLong.of(given);
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
        return Optional.ofNullable(outFile);
    }
}

package dev.parley.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import dev.parley.infra.Ports;

/**
 * Settings that put every part of the stack on a free port of its own, for tests that start a stack (ParleyStackIT,
 * the web-tests module) next to anything else running on the machine.
 *
 * <p>The ports come from below the system's ephemeral range. A port the system hands out for {@code bind(0)} lies in
 * that range, and so does the local end of every outgoing connection: while a dozen processes start and connect to
 * Kafka and PostgreSQL, one of those connections can take a port chosen a few seconds earlier, and the process meant
 * to listen there fails with "port in use" (CI saw chat-service's second instance do so).
 */
public final class FreePorts {

    /** The lowest port handed out. */
    static final int LOWEST = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, for systems that do not say. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;

    private FreePorts() {
    }

    /**
     * A port variable for every {@link StackPort}, all different, each with its management port
     * ({@link ProcessPlan#managementPort}) free as well. The chat port leaves room for every chat-service instance
     * after it ({@link StackSettings#MAX_CHAT_INSTANCES}).
     */
    public static Map<String, String> forEveryPart() {
        Map<String, String> environment = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        int below = ephemeralRangeStart();
        for (StackPort port : StackPort.values()) {
            int span = port == StackPort.CHAT ? StackSettings.MAX_CHAT_INSTANCES : 1;
            environment.put(port.variable(), String.valueOf(firstOfFreePorts(span, taken, LOWEST, below)));
        }
        return environment;
    }

    /**
     * The first of {@code span} consecutive ports from {@code lowest} up, whose management ports lie below
     * {@code below}, that are free, not yet handed out, and whose management ports are too; marks them all handed out.
     */
    static int firstOfFreePorts(int span, Set<Integer> taken, int lowest, int below) {
        int highestFirst = below - ProcessPlan.MANAGEMENT_PORT_OFFSET - span;
        if (highestFirst < lowest) {
            throw new IllegalStateException("No room for ports below the ephemeral range, which starts at " + below);
        }
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(lowest, highestFirst + 1);
            IntStream ports = IntStream.range(first, first + span)
                    .flatMap(port -> IntStream.of(port, ProcessPlan.managementPort(port)));
            int[] candidates = ports.toArray();
            if (IntStream.of(candidates).allMatch(p -> !taken.contains(p) && Ports.isFree(p))) {
                IntStream.of(candidates).forEach(taken::add);
                return first;
            }
        }
        throw new IllegalStateException("No " + span + " free ports in a row between " + lowest + " and " + below);
    }

    /** Where the system's ephemeral ports start: the first number of {@code ip_local_port_range}. */
    static int ephemeralRangeStart() {
        try {
            // Not Files.readString: procfs reports a size of 0, and the JDK 17 reads one byte on that hint.
            String range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}

package dev.parley.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How the local stack is laid out on this machine: the repository it runs from, its data folder, its ports, the JVM
 * options of each process and how many chat-service processes run. Everything but the last comes from environment
 * variables with defaults, so that two stacks (or the stack and something else) can share a machine; the number of
 * chat-service instances is an option of {@code ./parley up}.
 *
 * @param repository    the checkout whose modules are started ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * @param home          the data folder
 * @param ports         a port for every {@link StackPort}
 * @param javaOptions   JVM options of each service and the gateway
 * @param startTimeout  how long every process gets to become ready
 * @param chatInstances how many chat-service processes run (1 to {@value #MAX_CHAT_INSTANCES}); the n-th listens on
 *                      {@code PARLEY_CHAT_PORT} + n - 1
 */
public record StackSettings(Path repository, StackHome home, Map<StackPort, Integer> ports, List<String> javaOptions,
        Duration startTimeout, int chatInstances) {

    public static final String HOME_VARIABLE = "PARLEY_HOME";
    public static final String JAVA_OPTIONS_VARIABLE = "PARLEY_JAVA_OPTS";
    public static final String START_TIMEOUT_VARIABLE = "PARLEY_START_TIMEOUT";

    /** Five Quarkus JVMs share the machine with Kafka and PostgreSQL: small heaps, and a GC without helper threads. */
    public static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** Each instance is a JVM of its own, and the machine also runs the rest of the stack. */
    public static final int MAX_CHAT_INSTANCES = 8;

    public StackSettings {
        repository = repository.toAbsolutePath().normalize();
        ports = Collections.unmodifiableMap(new EnumMap<>(ports));
        javaOptions = List.copyOf(javaOptions);
        if (chatInstances < 1 || chatInstances > MAX_CHAT_INSTANCES) {
            throw new IllegalArgumentException("Not a number of chat-service instances: " + chatInstances);
        }
        requireOwnPortsForChatInstances(ports, chatInstances);
    }

    /** Reads the settings from environment variables (see {@link StackPort} and the constants above). */
    public static StackSettings fromEnvironment(Map<String, String> environment, Path repository) {
        String home = environment.get(HOME_VARIABLE);
        StackHome stackHome = new StackHome(isBlank(home) ? repository.resolve(".parley") : Path.of(home));

        Map<StackPort, Integer> ports = new EnumMap<>(StackPort.class);
        Map<Integer, StackPort> owners = new HashMap<>();
        for (StackPort port : StackPort.values()) {
            int number = portFrom(environment, port);
            StackPort other = owners.putIfAbsent(number, port);
            if (other != null) {
                throw new StackException(other.variable() + " and " + port.variable() + " are both " + number
                        + "; each needs a port of its own.");
            }
            ports.put(port, number);
        }

        String javaOptions = environment.get(JAVA_OPTIONS_VARIABLE);
        List<String> options = isBlank(javaOptions) ? DEFAULT_JAVA_OPTIONS
                : Arrays.asList(javaOptions.trim().split("\\s+"));

        return new StackSettings(repository, stackHome, ports, options, startTimeoutFrom(environment), 1);
    }

    /** The same stack with {@code count} chat-service processes. */
    public StackSettings withChatInstances(int count) {
        return new StackSettings(repository, home, ports, javaOptions, startTimeout, count);
    }

    public int port(StackPort port) {
        return ports.get(port);
    }

    /** The processes of a service, in start order: chat-service's as many as asked for, every other service's one. */
    List<ServiceInstance> instances(Service service) {
        return instances(service, ports, chatInstances);
    }

    private static List<ServiceInstance> instances(Service service, Map<StackPort, Integer> ports, int chatInstances) {
        int count = service == Service.CHAT ? chatInstances : 1;
        int first = ports.get(service.port());
        return IntStream.rangeClosed(1, count).mapToObj(n -> new ServiceInstance(service, n, first + n - 1)).toList();
    }

    /** The chat-service instances after the first take the ports after PARLEY_CHAT_PORT: they must be nobody else's. */
    private static void requireOwnPortsForChatInstances(Map<StackPort, Integer> ports, int chatInstances) {
        for (ServiceInstance instance : instances(Service.CHAT, ports, chatInstances).subList(1, chatInstances)) {
            if (instance.port() > 65535) {
                throw new StackException(instance.name() + " would listen on port " + instance.port()
                        + "; set " + StackPort.CHAT.variable() + " lower.");
            }
            for (Map.Entry<StackPort, Integer> other : ports.entrySet()) {
                if (other.getValue() == instance.port()) {
                    throw new StackException(instance.name() + " would listen on port " + instance.port() + ", which "
                            + other.getKey().variable() + " sets (chat-service-N listens on "
                            + StackPort.CHAT.variable() + " + N - 1); move one of them.");
                }
            }
        }
    }

    private static int portFrom(Map<String, String> environment, StackPort port) {
        String value = environment.get(port.variable());
        if (isBlank(value)) {
            return port.defaultPort();
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= 1 && number <= 65535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, together with out-of-range numbers
        }
        throw new StackException(port.variable() + "=" + value + " is not a port number (1-65535).");
    }

    private static Duration startTimeoutFrom(Map<String, String> environment) {
        String value = environment.get(START_TIMEOUT_VARIABLE);
        if (isBlank(value)) {
            return DEFAULT_START_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below, together with zero and negative numbers
        }
        throw new StackException(START_TIMEOUT_VARIABLE + "=" + value + " is not a number of seconds.");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

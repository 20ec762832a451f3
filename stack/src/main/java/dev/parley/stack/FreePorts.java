package dev.parley.stack;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.parley.infra.Ports;

/**
 * Settings that put every part of the stack on a free port of its own, for tests that start a stack (ParleyStackIT,
 * the web-tests module) next to anything else running on the machine.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port variable for every {@link StackPort}, all different: the system may hand out a just-released port again.
     * The chat port leaves room for every chat-service instance after it ({@link StackSettings#MAX_CHAT_INSTANCES}).
     */
    public static Map<String, String> forEveryPart() {
        Map<String, String> environment = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (StackPort port : StackPort.values()) {
            int span = port == StackPort.CHAT ? StackSettings.MAX_CHAT_INSTANCES : 1;
            environment.put(port.variable(), String.valueOf(firstOfFreePorts(span, taken)));
        }
        return environment;
    }

    /** The first of {@code span} consecutive ports that are free and not yet handed out; marks them handed out. */
    private static int firstOfFreePorts(int span, Set<Integer> taken) {
        while (true) {
            int first = Ports.freePort();
            if (first + span - 1 <= 65535
                    && IntStream.range(first, first + span).allMatch(p -> !taken.contains(p) && Ports.isFree(p))) {
                IntStream.range(first, first + span).forEach(taken::add);
                return first;
            }
        }
    }
}

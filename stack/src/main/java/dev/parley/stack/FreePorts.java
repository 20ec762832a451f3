package dev.parley.stack;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
     */
    public static Map<String, String> forEveryPart() {
        Map<String, String> environment = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (StackPort port : StackPort.values()) {
            int free;
            do {
                free = Ports.freePort();
            } while (!taken.add(free));
            environment.put(port.variable(), String.valueOf(free));
        }
        return environment;
    }
}

package dev.parley.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.parley.infra.Ports;

class FreePortsTest {

    @Test
    void everyPortAndItsManagementPortLieBelowTheEphemeralRangeAndDiffer() {
        Map<String, String> environment = FreePorts.forEveryPart();
        int ephemeralStart = FreePorts.ephemeralRangeStart();

        Set<Integer> used = new HashSet<>();
        for (StackPort part : StackPort.values()) {
            int first = Integer.parseInt(environment.get(part.variable()));
            int span = part == StackPort.CHAT ? StackSettings.MAX_CHAT_INSTANCES : 1;
            List<Integer> ports = IntStream.range(first, first + span)
                    .flatMap(port -> IntStream.of(port, ProcessPlan.managementPort(port))).boxed().toList();
            for (int port : ports) {
                assertTrue(port >= FreePorts.LOWEST && port < ephemeralStart, part + " got " + port);
                assertTrue(used.add(port), part + " shares " + port + " with another part");
            }
        }
        assertEquals(StackPort.values().length, environment.size());
    }

    @Test
    void aPortInUseIsPassedOverAndWhatIsHandedOutIsMarked() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int inUse = listener.getLocalPort();
            int other = inUse + 1;
            Assumptions.assumeTrue(Ports.isFree(other) && Ports.isFree(ProcessPlan.managementPort(other))
                    && Ports.isFree(ProcessPlan.managementPort(inUse)), "the ports next to the listener are in use");
            // The range holds two first ports, the one in use and the one after it.
            int below = ProcessPlan.managementPort(other) + 1;
            Set<Integer> taken = new HashSet<>();

            for (int round = 0; round < 20; round++) {
                taken.clear();
                assertEquals(other, FreePorts.firstOfFreePorts(1, taken, inUse, below));
            }
            assertEquals(Set.of(other, ProcessPlan.managementPort(other)), taken);
            assertThrows(IllegalStateException.class, () -> FreePorts.firstOfFreePorts(1, taken, inUse, below),
                    "both ports are out of reach now: one in use, one handed out");
        }
    }
}

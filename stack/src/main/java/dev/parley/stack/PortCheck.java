package dev.parley.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.parley.infra.Ports;

/** Checks, before anything starts, that every port the stack will listen on is free. */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * One line per taken port, naming the variable that moves it; empty when all are free. The ports of the
     * chat-service instances after the first go with {@link StackPort#CHAT}, which moves them.
     */
    static List<String> problems(StackSettings settings, Collection<StackPort> ports) {
        List<String> problems = new ArrayList<>();
        for (StackPort port : ports) {
            if (!Ports.isFree(settings.port(port))) {
                problems.add("Port " + settings.port(port) + " (" + port.listener() + ") is already in use; set "
                        + port.variable() + " to another port.");
            }
            if (port == StackPort.CHAT) {
                settings.instances(Service.CHAT).stream()
                        .skip(1)
                        .filter(instance -> !Ports.isFree(instance.port()))
                        .map(instance -> "Port " + instance.port() + " (" + instance.name()
                                + ") is already in use; set " + port.variable()
                                + " to another port (chat-service-N listens on " + port.variable() + " + N - 1).")
                        .forEach(problems::add);
            }
        }
        return problems;
    }
}

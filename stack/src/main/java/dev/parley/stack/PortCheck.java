package dev.parley.stack;

import java.util.Collection;
import java.util.List;

import dev.parley.infra.Ports;

/** Checks, before anything starts, that every port the stack will listen on is free. */
final class PortCheck {

    private PortCheck() {
    }

    /** One line per taken port, naming the variable that moves it; empty when all are free. */
    static List<String> problems(StackSettings settings, Collection<StackPort> ports) {
        return ports.stream()
                .filter(port -> !Ports.isFree(settings.port(port)))
                .map(port -> "Port " + settings.port(port) + " (" + port.listener() + ") is already in use; set "
                        + port.variable() + " to another port.")
                .toList();
    }
}

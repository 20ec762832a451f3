package dev.parley.stack;

/**
 * One process of a service. The first is named after its module and listens on the service's port, so a stack with
 * one instance of each looks as it always did; the n-th is {@code <module>-n} on the service's port + n - 1 (only
 * chat-service runs more than one, see {@link StackSettings#chatInstances()}).
 *
 * @param service the service it runs
 * @param number  1 for the first instance
 * @param port    where it listens
 */
record ServiceInstance(Service service, int number, int port) {

    /** The process name in logs, pid files, {@code endpoints.properties} and {@code ./parley status}. */
    String name() {
        return number == 1 ? service.module() : service.module() + "-" + number;
    }
}

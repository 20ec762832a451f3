package dev.parley.gateway.config;

/**
 * Where a service listens. Plain HTTP only: TLS ends at the gateway and the services sit on the internal network.
 */
public record ServiceAddress(String host, int port) {

    @Override
    public String toString() {
        return "http://" + host + ":" + port;
    }
}

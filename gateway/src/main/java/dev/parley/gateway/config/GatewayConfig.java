package dev.parley.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;

/** Where the services are and how the gateway connects to them; defaults live in application.properties. */
@ConfigMapping(prefix = "parley.gateway")
public interface GatewayConfig {

    Services services();

    /** How long to wait for a connection to a service before answering 502. */
    Duration connectTimeout();

    /** Pooled connections to each service for HTTP requests; requests beyond it wait for a free connection. */
    int maxConnectionsPerService();

    /** Open WebSockets to each service (each is a connection of its own); upgrades beyond it are refused. */
    int maxWebSocketsPerService();

    /** Base URLs of the services the gateway routes to. */
    interface Services {

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress auth();

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress friend();

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress presence();

        @WithConverter(ServiceAddressConverter.class)
        ServiceAddress chat();
    }
}

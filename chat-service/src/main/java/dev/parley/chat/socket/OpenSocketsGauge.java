package dev.parley.chat.socket;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The number of sockets this instance holds, as {@code parley_chat_sockets_open} on the metrics endpoint. The
 * autoscaler adds chat instances on it (through a custom-metrics adapter, deploy/README.md): sockets, not CPU, are
 * what fills an instance that mostly holds idle connections. Registered at start so the series exists at zero.
 */
@Startup
@ApplicationScoped
public class OpenSocketsGauge {

    static final String NAME = "parley.chat.sockets.open";

    OpenSocketsGauge(LocalSockets sockets, MeterRegistry metrics) {
        Gauge.builder(NAME, sockets, LocalSockets::count)
                .description("WebSockets open on this chat-service instance")
                .register(metrics);
    }
}

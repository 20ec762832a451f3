package dev.parley.chat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;

class OpenSocketsGaugeTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final LocalSockets sockets = new LocalSockets();

    @Test
    void gaugeFollowsTheSocketsThisInstanceHolds() {
        new OpenSocketsGauge(sockets, metrics);
        UUID alice = UUID.randomUUID();
        WebSocketConnection phone = connection();
        WebSocketConnection laptop = connection();

        assertThat(openSockets()).as("registered at start, before any socket").isZero();
        sockets.add(alice, phone);
        sockets.add(alice, laptop);
        sockets.add(UUID.randomUUID(), connection());
        assertThat(openSockets()).isEqualTo(3);
        sockets.remove(alice, phone);
        assertThat(openSockets()).isEqualTo(2);
    }

    private double openSockets() {
        return metrics.get(OpenSocketsGauge.NAME).gauge().value();
    }

    /** A connection that is only stored and compared, which is all LocalSockets does when adding and removing. */
    private static WebSocketConnection connection() {
        return (WebSocketConnection) Proxy.newProxyInstance(OpenSocketsGaugeTest.class.getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

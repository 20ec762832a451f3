package dev.parley.gateway.routing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.gateway.config.ServiceAddress;
import io.vertx.core.net.SocketAddress;

/**
 * One instance of a service, as this gateway sees it: where it listens, how many WebSockets the gateway proxies to it
 * now, and whether it could not be reached lately. Shared by every event loop, hence the atomics.
 */
final class Origin {

    private final ServiceAddress address;
    private final SocketAddress socketAddress;
    private final AtomicInteger openWebSockets = new AtomicInteger();
    /** The {@link System#nanoTime()} until which it is passed over; 0 once it has been reached again. */
    private final AtomicLong passedOverUntil = new AtomicLong();

    Origin(ServiceAddress address) {
        this.address = address;
        this.socketAddress = SocketAddress.inetSocketAddress(address.port(), address.host());
    }

    ServiceAddress address() {
        return address;
    }

    SocketAddress socketAddress() {
        return socketAddress;
    }

    /** WebSockets proxied to it now, counting those whose upgrade it has not answered yet. */
    int openWebSockets() {
        return openWebSockets.get();
    }

    void webSocketOpening() {
        openWebSockets.incrementAndGet();
    }

    void webSocketClosed() {
        openWebSockets.decrementAndGet();
    }

    boolean isPassedOver(long now) {
        long until = passedOverUntil.get();
        return until != 0 && now - until < 0;
    }

    void passOver(Duration period) {
        passedOverUntil.set(System.nanoTime() + period.toNanos());
    }

    void reached() {
        passedOverUntil.set(0);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}

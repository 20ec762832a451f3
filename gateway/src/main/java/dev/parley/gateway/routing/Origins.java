package dev.parley.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.parley.gateway.config.ServiceAddress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The instances of one service, and the order in which a proxy tries them: each request to the next instance in turn;
 * each WebSocket, which may stay open for hours, to the instance with the fewest proxied by this gateway now (ties in
 * turn). An instance that could not be reached goes to the end of the order for a while, so that one that died does
 * not cost every later request a failed attempt first; it is still tried when every other instance fails too.
 */
final class Origins {

    private static final Logger LOG = Logger.getLogger(Origins.class);

    private final String serviceName;
    private final List<Origin> instances;
    private final Duration unreachablePause;
    private final AtomicInteger turn = new AtomicInteger();

    /** A candidate with the count it is ordered by, read once: the counts change while the order is made. */
    private record Candidate(Origin origin, int openWebSockets) {
    }

    Origins(String serviceName, List<ServiceAddress> addresses, Duration unreachablePause) {
        this.serviceName = serviceName;
        this.instances = addresses.stream().map(Origin::new).toList();
        this.unreachablePause = unreachablePause;
    }

    String serviceName() {
        return serviceName;
    }

    /** Every instance, the next in turn first; those passed over last. */
    List<Origin> forRequest() {
        return ordered(null);
    }

    /** Every instance, the one with the fewest open WebSockets first, ties in turn; those passed over last. */
    List<Origin> forWebSocket() {
        return ordered(Comparator.comparingInt(Candidate::openWebSockets));
    }

    /**
     * The turn goes round the instances in reach only: were a passed-over instance's turn handed to the one after it,
     * that one would take twice the share of the others while its neighbour is down.
     */
    private List<Origin> ordered(Comparator<Candidate> preference) {
        long now = System.nanoTime();
        int turnNow = turn.getAndIncrement();
        List<Candidate> inReach = new ArrayList<>(instances.size());
        List<Candidate> passedOver = new ArrayList<>(instances.size());
        for (Origin origin : instances) {
            (origin.isPassedOver(now) ? passedOver : inReach).add(new Candidate(origin, origin.openWebSockets()));
        }
        List<Origin> order = new ArrayList<>(instances.size());
        order.addAll(inTurn(inReach, turnNow, preference));
        order.addAll(inTurn(passedOver, turnNow, preference));
        return order;
    }

    private static List<Origin> inTurn(List<Candidate> candidates, int turnNow, Comparator<Candidate> preference) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Collections.rotate(candidates, -Math.floorMod(turnNow, candidates.size()));
        if (preference != null) {
            candidates.sort(preference); // stable: equals keep their turn
        }
        return candidates.stream().map(Candidate::origin).toList();
    }

    void unreachable(Origin origin) {
        origin.passOver(unreachablePause);
    }

    void reached(Origin origin) {
        origin.reached();
    }

    void webSocketOpening(Origin origin) {
        origin.webSocketOpening();
        logWebSockets();
    }

    void webSocketClosed(Origin origin) {
        origin.webSocketClosed();
        logWebSockets();
    }

    private void logWebSockets() {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("WebSockets proxied to the %s service, per instance: %s", serviceName, instances.stream()
                    .map(origin -> origin + " " + origin.openWebSockets()).collect(Collectors.joining(", ")));
        }
    }

    /** {@code parley_gateway_websockets_open{service, instance}}: what the WebSocket balancing goes by. */
    void registerWebSocketGauges(MeterRegistry registry) {
        for (Origin origin : instances) {
            Gauge.builder("parley.gateway.websockets.open", origin, Origin::openWebSockets)
                    .description("WebSockets this gateway proxies to the instance now, upgrades under way included")
                    .tag("service", serviceName)
                    .tag("instance", origin.toString())
                    .register(registry);
        }
    }

    @Override
    public String toString() {
        return "the " + serviceName + " service at "
                + instances.stream().map(Origin::toString).collect(Collectors.joining(", "));
    }
}

package dev.parley.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.gateway.config.ServiceAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OriginsTest {

    private static final List<ServiceAddress> THREE = List.of(new ServiceAddress("chat-1", 8184),
            new ServiceAddress("chat-2", 8184), new ServiceAddress("chat-3", 8184));

    private final Origins origins = new Origins("chat", THREE, Duration.ofMinutes(1));

    @Test
    void requestsStartAtEachInstanceInTurn() {
        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            firsts.add(host(origins.forRequest().get(0)));
        }

        assertThat(firsts).containsExactly("chat-1", "chat-2", "chat-3", "chat-1", "chat-2", "chat-3");
        assertThat(origins.forRequest()).extracting(OriginsTest::host).containsExactly("chat-1", "chat-2", "chat-3");
    }

    @Test
    void aWebSocketGoesToTheInstanceWithTheFewestOpenTiesInTurn() {
        Origin first = origins.forWebSocket().get(0);
        origins.webSocketOpening(first);
        Origin second = origins.forWebSocket().get(0);
        origins.webSocketOpening(second);
        Origin third = origins.forWebSocket().get(0);

        assertThat(List.of(first, second, third)).extracting(OriginsTest::host)
                .containsExactly("chat-1", "chat-2", "chat-3");
        origins.webSocketOpening(third);
        origins.webSocketClosed(second);
        assertThat(origins.forWebSocket()).extracting(OriginsTest::host).startsWith("chat-2");
    }

    @Test
    void anInstanceThatCouldNotBeReachedIsTriedLastUntilReachedAgain() {
        Origin unreachable = origins.forRequest().get(0);
        origins.unreachable(unreachable);

        for (int i = 0; i < 3; i++) {
            assertThat(origins.forRequest()).endsWith(unreachable);
            assertThat(origins.forWebSocket()).endsWith(unreachable);
        }
        origins.reached(unreachable);
        assertThat(firstsOfThreeRequests(origins)).contains(unreachable);
    }

    @Test
    void whileAnInstanceIsPassedOverTheOthersShareItsTurnsEvenly() {
        origins.unreachable(origins.forRequest().get(0)); // chat-1
        Map<String, Integer> firsts = new HashMap<>();
        for (int phase = 0; phase < 3; phase++) {
            firsts.clear();
            for (int i = 0; i < 6; i++) {
                firsts.merge(host(origins.forRequest().get(0)), 1, Integer::sum);
            }
            assertThat(firsts).isEqualTo(Map.of("chat-2", 3, "chat-3", 3));
            origins.forRequest(); // the next six start one turn later
        }
    }

    @Test
    void anInstanceIsPassedOverOnlyForThePause() {
        Origins noPause = new Origins("chat", THREE, Duration.ZERO);
        Origin unreachable = noPause.forRequest().get(0);
        noPause.unreachable(unreachable);

        assertThat(firstsOfThreeRequests(noPause)).contains(unreachable);
    }

    @Test
    void aSingleInstanceIsTriedEvenWhenItCouldNotBeReachedLately() {
        Origins single = new Origins("auth", List.of(new ServiceAddress("auth", 8181)), Duration.ofMinutes(1));
        single.unreachable(single.forRequest().get(0));

        assertThat(single.forRequest()).extracting(OriginsTest::host).containsExactly("auth");
    }

    @Test
    void theOpenWebSocketsOfEachInstanceAreAGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        origins.registerWebSocketGauges(registry);
        Origin busy = origins.forWebSocket().get(0);
        origins.webSocketOpening(busy);
        origins.webSocketOpening(busy);

        assertThat(registry.get("parley.gateway.websockets.open").tag("instance", busy.toString()).gauge().value())
                .isEqualTo(2);
        assertThat(registry.get("parley.gateway.websockets.open").gauges()).hasSize(3)
                .allSatisfy(gauge -> assertThat(gauge.getId().getTag("service")).isEqualTo("chat"));
    }

    /** Which instance three requests in a row would try first: every one of them, unless one is passed over. */
    private static List<Origin> firstsOfThreeRequests(Origins origins) {
        return List.of(origins.forRequest().get(0), origins.forRequest().get(0), origins.forRequest().get(0));
    }

    private static String host(Origin origin) {
        return origin.address().host();
    }
}

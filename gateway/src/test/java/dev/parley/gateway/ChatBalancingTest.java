package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Chat traffic spread over three chat-service instances, and carried on by the others when one stops. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ChatBalancingTest {

    private static final Pattern OPEN_SOCKETS = Pattern.compile(
            "parley_gateway_websockets_open\\{instance=\"http://127\\.0\\.0\\.1:(\\d+)\",service=\"chat\"} (\\S+)");

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    /** Injected by {@link GatewayTestResource}. */
    ChatInstances chatInstances;

    private final HttpClient client = TrustedClient.create();
    private final List<WebSocket> openSockets = new ArrayList<>();
    private int first;
    private int second;
    private int third;

    @BeforeEach
    void noSocketIsOpenYet() {
        List<Integer> ports = chatInstances.ports();
        first = ports.get(0);
        second = ports.get(1);
        third = ports.get(2);
        // Other test classes' sockets close asynchronously: start from none, or the spread would make up for them.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> openSocketsPerInstance().equals(Map.of(first, 0, second, 0, third, 0)));
    }

    @AfterEach
    void closeSocketsAndStartEveryInstanceAgain() {
        openSockets.forEach(WebSocket::abort);
        chatInstances.startStopped();
        // Back in turn once its pause is over: later tests expect every instance to get its share.
        await().atMost(Duration.ofSeconds(10)).until(() -> servingPorts(3).keySet().size() == 3);
    }

    @Test
    void requestsGoToEachInstanceInTurn() throws Exception {
        assertThat(servingPorts(6)).isEqualTo(Map.of(first, 2, second, 2, third, 2));
    }

    @Test
    void webSocketsGoToTheInstanceWithTheFewestOpen() throws Exception {
        assertThat(openWebSockets(30)).isEqualTo(Map.of(first, 10, second, 10, third, 10));
        assertThat(openSocketsPerInstance()).isEqualTo(Map.of(first, 10, second, 10, third, 10));
    }

    @Test
    void whenAnInstanceStopsNewSocketsAndRequestsGoToTheOthers() throws Exception {
        assertThat(openWebSockets(30)).isEqualTo(Map.of(first, 10, second, 10, third, 10));

        chatInstances.stop(0);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> openSocketsPerInstance().equals(Map.of(first, 0, second, 10, third, 10)));
        assertThat(openWebSockets(10)).isEqualTo(Map.of(second, 5, third, 5));
        assertThat(servingPorts(4)).isEqualTo(Map.of(second, 2, third, 2));
    }

    /** Opens sockets one after the other, each answered by an instance; how many each instance answered. */
    private Map<Integer, Integer> openWebSockets(int count) throws Exception {
        Map<Integer, Integer> perPort = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Messages messages = new Messages();
            WebSocket socket = client.newWebSocketBuilder()
                    .header("Authorization", Tokens.validBearer())
                    .buildAsync(URI.create("wss://" + gateway.getAuthority() + "/ws/chat"), messages)
                    .get(5, TimeUnit.SECONDS);
            openSockets.add(socket);
            socket.sendText("socket " + i, true).get(5, TimeUnit.SECONDS);
            perPort.merge(messages.next().getInteger("port"), 1, Integer::sum);
        }
        return perPort;
    }

    /** Sends requests one after the other; how many each instance answered. */
    private Map<Integer, Integer> servingPorts(int requests) throws IOException, InterruptedException {
        Map<Integer, Integer> perPort = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(gateway.resolve("/api/chat/conversations"))
                            .header("Authorization", Tokens.validBearer())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            perPort.merge(new JsonObject(response.body()).getInteger("port"), 1, Integer::sum);
        }
        return perPort;
    }

    /** The gateway's gauge of open WebSockets, per chat instance port. */
    private Map<Integer, Integer> openSocketsPerInstance() throws IOException, InterruptedException {
        String metrics = client.send(HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<Integer, Integer> perPort = new HashMap<>();
        Matcher gauge = OPEN_SOCKETS.matcher(metrics);
        while (gauge.find()) {
            perPort.put(Integer.parseInt(gauge.group(1)), (int) Double.parseDouble(gauge.group(2)));
        }
        return perPort;
    }
}

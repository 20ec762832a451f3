package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class WebSocketProxyTest {

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    @Inject
    InMemorySpanExporter spans;

    private final HttpClient client = TrustedClient.create();
    private final List<WebSocket> openSockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        openSockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }

    @Test
    void proxiesAWebSocketExchangeToTheChatService() throws Exception {
        Messages messages = new Messages();
        WebSocket socket = open(messages);

        socket.sendText("hello through the gateway", true).get(5, TimeUnit.SECONDS);

        JsonObject reply = messages.next();
        assertThat(reply.getString("service")).isEqualTo("chat");
        assertThat(reply.getString("path")).isEqualTo("/ws/chat");
        assertThat(reply.getString("echo")).isEqualTo("hello through the gateway");
        assertThat(reply.getJsonObject("headers").getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(reply.getJsonObject("headers").getString("x-forwarded-proto")).isEqualTo("https");
    }

    @Test
    void aWebSocketUpgradeIsTracedAndCarriesItsTraceToTheChatService() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        Messages messages = new Messages();
        WebSocket socket = open(messages, "00-" + traceId + "-b7ad6b7169203331-01");

        socket.sendText("traced", true).get(5, TimeUnit.SECONDS);

        String traceparent = messages.next().getJsonObject("headers").getString("traceparent");
        assertThat(traceparent).startsWith("00-" + traceId + "-").doesNotContain("b7ad6b7169203331");
        String upgradeSpanId = traceparent.split("-")[2];
        // The proxied upgrade's span ends with the socket: the gateway pipes it until then.
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .extracting(SpanData::getSpanId).contains(upgradeSpanId));
    }

    @Test
    void keepsMoreWebSocketsOpenThanTheRequestPoolHoldsWhileRequestsStillGetThrough() throws Exception {
        int sockets = 6; // the test resource allows 4 pooled request connections per service
        List<Messages> inboxes = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            Messages messages = new Messages();
            open(messages).sendText("socket " + i, true).get(5, TimeUnit.SECONDS);
            inboxes.add(messages);
        }

        for (int i = 0; i < sockets; i++) {
            assertThat(inboxes.get(i).next().getString("echo")).isEqualTo("socket " + i);
        }
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(gateway.resolve("/api/chat/conversations"))
                        .header("Authorization", Tokens.validBearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private WebSocket open(Messages messages) throws Exception {
        return open(client.newWebSocketBuilder(), messages);
    }

    /** Opens a socket whose upgrade continues the trace a traceparent header names, as a traced client's would. */
    private WebSocket open(Messages messages, String traceparent) throws Exception {
        return open(client.newWebSocketBuilder().header("traceparent", traceparent), messages);
    }

    private WebSocket open(WebSocket.Builder builder, Messages messages) throws Exception {
        URI chat = URI.create("wss://" + gateway.getAuthority() + "/ws/chat");
        WebSocket socket = builder
                .header("Authorization", Tokens.validBearer())
                .buildAsync(chat, messages)
                .get(5, TimeUnit.SECONDS);
        openSockets.add(socket);
        return socket;
    }
}

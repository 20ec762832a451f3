package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class WebSocketProxyTest {

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

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
        URI chat = URI.create("wss://" + gateway.getAuthority() + "/ws/chat");
        WebSocket socket = client.newWebSocketBuilder()
                .header("Authorization", Tokens.validBearer())
                .buildAsync(chat, messages)
                .get(5, TimeUnit.SECONDS);
        openSockets.add(socket);
        return socket;
    }
}

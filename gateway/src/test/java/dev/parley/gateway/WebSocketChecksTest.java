package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * WebSocket upgrades are checked before the proxy passes them on: the access token (in the Authorization header, or
 * in the sub-protocol carrier browsers use) and the page's Origin.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class WebSocketChecksTest {

    private static final String CARRIER = "bearer-token-carrier";

    @TestHTTPResource(value = "/", tls = true)
    URI gateway;

    private final HttpClient client = TrustedClient.create();
    private final List<WebSocket> openSockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        openSockets.forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }

    @Test
    void opensWithTheTokenInTheAuthorizationHeader() throws Exception {
        Messages messages = new Messages();
        WebSocket socket = open(client.newWebSocketBuilder().header("Authorization", Tokens.validBearer()), messages);

        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);

        assertThat(messages.next().getString("echo")).isEqualTo("hello");
    }

    @Test
    void opensWithTheTokenInTheSubprotocolCarrierAndPassesTheCarrierOn() throws Exception {
        String carrier = carrier(Tokens.validBearer());
        Messages messages = new Messages();
        WebSocket socket = open(client.newWebSocketBuilder().subprotocols(CARRIER, carrier), messages);

        socket.sendText("hello", true).get(5, TimeUnit.SECONDS);

        assertThat(socket.getSubprotocol()).isEqualTo(CARRIER);
        assertThat(messages.next().getJsonObject("headers").getString("sec-websocket-protocol"))
                .isEqualTo(CARRIER + ", " + carrier);
    }

    @Test
    void refusesAnUpgradeWithoutAToken() {
        assertThat(refusal(client.newWebSocketBuilder())).isEqualTo(401);
    }

    @Test
    void refusesAnUpgradeWithAForgedOrExpiredTokenInTheCarrier() {
        String forged = "Bearer " + SigningKey.generate(TestTokens.KEY_ID).accessToken();
        String expired = Tokens.bearerValidFor(Duration.ofMinutes(-5));

        assertThat(refusal(client.newWebSocketBuilder().subprotocols(CARRIER, carrier(forged)))).isEqualTo(401);
        assertThat(refusal(client.newWebSocketBuilder().subprotocols(CARRIER, carrier(expired)))).isEqualTo(401);
    }

    @Test
    void opensForAPageOfTheGatewaysOwnOrigin() throws Exception {
        Messages messages = new Messages();
        WebSocket socket = open(client.newWebSocketBuilder()
                .header("Origin", "https://" + gateway.getAuthority())
                .subprotocols(CARRIER, carrier(Tokens.validBearer())), messages);

        socket.sendText("from our own page", true).get(5, TimeUnit.SECONDS);

        assertThat(messages.next().getString("echo")).isEqualTo("from our own page");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example", "http://{gateway}", "https://{gateway}.evil.example", "null" })
    void refusesAnUpgradeFromAPageOfAnotherOriginEvenWithAValidToken(String origin) {
        assertThat(refusal(client.newWebSocketBuilder()
                .header("Origin", origin.replace("{gateway}", gateway.getAuthority()))
                .header("Authorization", Tokens.validBearer()))).isEqualTo(403);
    }

    private static String carrier(String authorization) {
        return "quarkus-http-upgrade#Authorization#" + authorization.replace(" ", "%20");
    }

    private WebSocket open(WebSocket.Builder builder, Messages messages) throws Exception {
        WebSocket socket = builder.buildAsync(chat(), messages).get(5, TimeUnit.SECONDS);
        openSockets.add(socket);
        return socket;
    }

    /** The status the gateway refused the handshake with. */
    private int refusal(WebSocket.Builder builder) {
        try {
            WebSocket socket = builder.buildAsync(chat(), new Messages()).get(5, TimeUnit.SECONDS);
            openSockets.add(socket);
            throw new AssertionError("The upgrade was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private URI chat() {
        return URI.create("wss://" + gateway.getAuthority() + "/ws/chat");
    }
}

package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IdentityKeyPair;

/** A client given several server addresses reaches one that runs, and moves on when its server dies. */
class ChatClientFailoverTest {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Test
    void aClientWhoseFirstServerCannotBeReachedConnectsToTheNext() throws Exception {
        URI nothingListening = unusedAddress();
        try (FakeChatServer running = new FakeChatServer();
                ChatClient client = client(List.of(nothingListening, running.uri()))) {
            client.connect().get(10, TimeUnit.SECONDS);

            assertThat(client.server()).isEqualTo(running.uri());
            assertThat(running.upgrades).singleElement().asString().startsWith("/ws/chat?device=");
            // The listener hears of both on the client's own thread, a moment after connect() completes.
            assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("disconnected 1006");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ready");
        }
    }

    @Test
    void aClientWhoseServerDiesReconnectsToTheNextAndStaysThere() throws Exception {
        try (FakeChatServer first = new FakeChatServer(); FakeChatServer second = new FakeChatServer();
                ChatClient client = client(List.of(first.uri(), second.uri()))) {
            client.connect().get(10, TimeUnit.SECONDS);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ready");
            assertThat(client.server()).isEqualTo(first.uri());

            first.crash();

            assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("disconnected 1006 reconnecting");
            String next;
            do {
                next = events.poll(10, TimeUnit.SECONDS);
            } while (next != null && next.startsWith("disconnected"));
            assertThat(next).isEqualTo("ready");
            assertThat(client.server()).isEqualTo(second.uri());
            assertThat(first.upgrades).hasSize(1);
            assertThat(second.upgrades).hasSize(1);
        }
    }

    private ChatClient client(List<URI> servers) {
        return ChatClient.builder().servers(servers).user(UUID.randomUUID(), IdentityKeyPair.generate())
                .deviceId(DeviceId.random()).accessToken(() -> "a token").listener(new ChatListener() {
                    @Override
                    public void onReady() {
                        events.add("ready");
                    }

                    @Override
                    public void onDisconnected(int code, String reason, boolean reconnecting) {
                        events.add("disconnected " + code + (reconnecting ? " reconnecting" : ""));
                    }
                }).build();
    }

    /** An address where nothing listens: a port that was free a moment ago. */
    private static URI unusedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }
}

package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.Friend;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.IdentityKeyPair;

/**
 * What the client sends again, and when: a send the server refuses with {@code server_error} (its database is down,
 * say) goes again, as the same envelope, until it is stored, and after a reconnect the unacknowledged sends go before
 * any new one, so the server stores the device's chain without a gap and in order.
 */
class ChatClientResendTest {

    @Test
    void aSendRefusedWithAServerErrorIsSentAgainUnchangedUntilStored() throws Exception {
        try (FakeChatServer server = new FakeChatServer(); ChatClient client = client(List.of(server.uri()))) {
            server.failingSends = 2;
            client.connect().get(10, TimeUnit.SECONDS);
            Conversation conversation = join(client);

            SendReceipt stored = conversation.send("hello").get(10, TimeUnit.SECONDS);

            assertThat(stored.conversationId()).isEqualTo(conversation.id());
            assertThat(server.sends).hasSize(3)
                    .extracting(send -> send.get("envelope")).containsOnly(server.sends.get(0).get("envelope"));

            conversation.send("and on").get(10, TimeUnit.SECONDS);
            assertThat(server.sends.get(3).path("envelope").path("header").path("seq").asLong())
                    .as("the chain goes on after the message that was retried").isEqualTo(2);
        }
    }

    @Test
    void aSendRefusedWithAnInternalErrorIsRetriedLikeAServerError() throws Exception {
        try (FakeChatServer server = new FakeChatServer(); ChatClient client = client(List.of(server.uri()))) {
            server.failingSends = 1;
            server.failureCode = "internal_error";
            client.connect().get(10, TimeUnit.SECONDS);
            Conversation conversation = join(client);

            conversation.send("hello").get(10, TimeUnit.SECONDS);

            assertThat(server.sends).hasSize(2);
        }
    }

    @Test
    void atMostAWindowOfSendsWaitsForTheServerAndTheRestFollowInOrder() throws Exception {
        try (FakeChatServer server = new FakeChatServer(); ChatClient client = client(List.of(server.uri()))) {
            server.answering = false;
            client.connect().get(10, TimeUnit.SECONDS);
            Conversation conversation = join(client);
            List<CompletableFuture<SendReceipt>> receipts = new java.util.ArrayList<>();
            for (int i = 0; i < ChatClient.SEND_WINDOW + 10; i++) {
                receipts.add(conversation.send("m" + i));
            }
            awaitTrue(() -> server.sends.size() == ChatClient.SEND_WINDOW);
            Thread.sleep(300);
            assertThat(server.sends).as("no more than the window while none is answered")
                    .hasSize(ChatClient.SEND_WINDOW);

            server.answerKept();
            for (CompletableFuture<SendReceipt> receipt : receipts) {
                receipt.get(10, TimeUnit.SECONDS);
            }
            assertThat(server.sends).extracting(send -> send.path("envelope").path("header").path("seq").asLong())
                    .as("the rest followed as answers freed the window, in the chain's order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, ChatClient.SEND_WINDOW + 10)
                            .boxed().toList());
        }
    }

    @Test
    void afterAnOverloadedRefusalTheRefusedSendGoesAgainBeforeTheLaterOnes() throws Exception {
        try (FakeChatServer server = new FakeChatServer(); ChatClient client = client(List.of(server.uri()))) {
            server.failingSends = 1;
            server.failureCode = "overloaded";
            client.connect().get(10, TimeUnit.SECONDS);
            Conversation conversation = join(client);

            CompletableFuture<SendReceipt> first = conversation.send("one");
            awaitTrue(() -> server.sends.size() == 1);
            Thread.sleep(400); // the refusal arrives and the pause (1 s) begins
            CompletableFuture<SendReceipt> second = conversation.send("two");
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);

            assertThat(server.sends).extracting(send -> send.path("envelope").path("header").path("seq").asLong())
                    .as("nothing goes during the pause; then the refused one, then the later one")
                    .containsExactly(1L, 1L, 2L);
        }
    }

    @Test
    void aMessageWrittenWhileReconnectingGoesAfterTheUnacknowledgedOnesItFollows() throws Exception {
        try (FakeChatServer dying = new FakeChatServer(); FakeChatServer next = new FakeChatServer();
                ChatClient client = client(List.of(dying.uri(), next.uri()))) {
            dying.answering = false;
            next.readyDelayMillis = 1_000;
            client.connect().get(10, TimeUnit.SECONDS);
            Conversation conversation = join(client);
            CompletableFuture<SendReceipt> first = conversation.send("one");
            awaitTrue(() -> dying.sends.size() == 1);

            dying.crash();
            // Connected to the next server, which has not said ready yet: "one" is still to be sent again.
            awaitTrue(() -> client.isConnected() && client.server().equals(next.uri()));
            CompletableFuture<SendReceipt> second = conversation.send("two");

            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(next.sends).extracting(send -> send.path("envelope").path("header").path("seq").asLong())
                    .as("chain positions in the order the server got them").containsExactly(1L, 2L);
        }
    }

    private static ChatClient client(List<URI> servers) {
        return ChatClient.builder().servers(servers).user(UUID.randomUUID(), IdentityKeyPair.generate())
                .deviceId(DeviceId.random()).accessToken(() -> "a token").build();
    }

    private static Conversation join(ChatClient client) {
        Friend friend = new Friend(UUID.randomUUID(), "friend", IdentityKeyPair.generate().publicKey().toBase64Url());
        return client.join(new ConversationInfo(UUID.randomUUID(), friend, Instant.now(), Instant.now(), 0));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}

package dev.parley.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.chat.People.Person;
import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.DeliveryReceipt;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.crypto.ConversationKey;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.MessageBody;
import dev.parley.client.crypto.SendingChain;
import io.restassured.http.ContentType;

/** What the chat tests do over and over: open conversations once the projections know the friends, connect clients. */
final class Chats {

    private Chats() {
    }

    /**
     * Opens the conversation between friends, waiting until chat-service has read their friendship and both users
     * (it is opened from both sides: the users arrive on different partitions, and a conversation whose other member
     * is not known yet has no key to show its client).
     */
    static UUID openConversation(Person person, Person friend) {
        UUID id = openedBy(person, friend);
        UUID seenByFriend = openedBy(friend, person);
        if (!id.equals(seenByFriend)) {
            throw new IllegalStateException("The friends have two conversations: " + id + " and " + seenByFriend);
        }
        return id;
    }

    private static UUID openedBy(Person person, Person friend) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().auth().oauth2(person.token()).contentType(ContentType.JSON)
                    .body("{\"friendId\":\"" + friend.id() + "\"}")
                    .post("/api/chat/conversations");
            if (response.statusCode() != 200) {
                return false;
            }
            id[0] = response.path("id");
            return true;
        });
        return UUID.fromString(id[0]);
    }

    /** Waits until chat-service knows the user (opening a conversation with them no longer says "Unknown user"). */
    static void awaitKnown(Person person, Person other) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .auth().oauth2(person.token()).contentType(ContentType.JSON)
                .body("{\"friendId\":\"" + other.id() + "\"}")
                .post("/api/chat/conversations").statusCode() != 404);
    }

    /** Seals messages of one device's chain by hand, for frames the client library would never send. */
    static final class Sealer {
        final DeviceId device = DeviceId.random();
        private final SendingChain chain;

        Sealer(Person sender, Person recipient, UUID conversationId) {
            ConversationKey key = ConversationKey.derive(sender.identity(), recipient.identity().publicKey(),
                    conversationId.toString());
            chain = SendingChain.start(key, sender.id().toString(), device);
        }

        String seal(String text) {
            return chain.seal(new MessageBody(text, Instant.now())).toJson();
        }
    }

    /** Seals a message, sends it on a raw socket and waits for its ack: the stored message's id. */
    static String sendAndAwaitAck(RawSocket socket, Sealer sealer, String text) {
        socket.send(sendFrame(UUID.randomUUID().toString(), sealer.seal(text)));
        return socket.next("ack").path("messageId").asText();
    }

    static String sendFrame(String clientId, String envelope) {
        return "{\"type\":\"send\",\"id\":\"" + clientId + "\",\"envelope\":" + envelope + "}";
    }

    /** A listener that keeps everything it is told, for assertions. */
    static final class Inbox implements ChatListener {
        final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
        final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
        final List<Integer> disconnects = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(ReceivedMessage message) {
            messages.add(message);
        }

        @Override
        public void onDelivered(DeliveryReceipt receipt) {
            receipts.add(receipt);
        }

        @Override
        public void onDisconnected(int code, String reason, boolean reconnecting) {
            disconnects.add(code);
        }

        List<String> texts() {
            return messages.stream().map(m -> m.verification().message().map(o -> o.body().text()).orElse("<unreadable>"))
                    .toList();
        }
    }

    static ChatClient client(URI server, Person person, ChatListener listener) {
        return ChatClient.builder().server(server).user(person.id(), person.identity()).deviceId(DeviceId.random())
                .accessToken(person::token).listener(listener).build();
    }

    static ConversationInfo info(ChatClient client, UUID conversationId) {
        return client.api().conversation(conversationId);
    }
}

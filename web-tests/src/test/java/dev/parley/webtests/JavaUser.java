package dev.parley.webtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.parley.client.api.ApiException;
import dev.parley.client.api.AuthClient;
import dev.parley.client.api.ChatApiException;
import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.DeliveryReceipt;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.PasswordKeys;

/**
 * A user of the Java client library, through the gateway: the auth client for the account, plain JSON calls for
 * friend requests (the library has no friend client), and a ChatClient for messages.
 */
final class JavaUser implements AutoCloseable {

    /** How long the services' projections (users, friendships, from Kafka) may lag behind a change. */
    static final Duration PROJECTION_LAG = Duration.ofSeconds(30);

    private final SharedStack stack;
    private final AuthClient auth;
    private final String username;
    private AuthClient.Session session;
    private ChatClient chat;
    private final BlockingQueue<ReceivedMessage> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<DeliveryReceipt> deliveries = new LinkedBlockingQueue<>();

    private JavaUser(SharedStack stack, String username, AuthClient.Session session) {
        this.stack = stack;
        this.auth = new AuthClient(stack.api());
        this.username = username;
        this.session = session;
    }

    static JavaUser signUp(SharedStack stack, String username, String password) {
        AuthClient auth = new AuthClient(stack.api());
        auth.signUp(username, password, password, PasswordKeys.DEFAULT_ITERATIONS);
        return new JavaUser(stack, username, auth.login(username, password));
    }

    static JavaUser logIn(SharedStack stack, String username, String password) {
        return new JavaUser(stack, username, new AuthClient(stack.api()).login(username, password));
    }

    String username() {
        return username;
    }

    UUID userId() {
        return session.userId();
    }

    AuthClient.Session session() {
        return session;
    }

    /** A new access token through the refresh token, as a client does when its token expires. */
    void refresh() {
        session = auth.refresh(session);
    }

    /** Ends every session of this user, the browsers' included, as the account page's button does. */
    void logOutEverywhere() {
        auth.logoutEverywhere(session);
    }

    UUID userIdOf(String otherUsername) {
        return auth.publicIdentity(session, otherUsername).userId();
    }

    // ---- friends, as plain JSON calls through the gateway ----

    /** Sends a friend request; tries again while friend-service does not know one of the accounts yet. */
    Map<?, ?> sendFriendRequest(String friend) {
        return eventually(() -> call("POST", "/api/friends/requests", Map.of("username", friend), Map.class),
                e -> e instanceof ApiException api && (api.status() == 503 || api.status() == 404));
    }

    Map<?, ?> approve(String... friends) {
        return eventually(() -> call("POST", "/api/friends/requests/received/approve",
                Map.of("usernames", List.of(friends)), Map.class),
                e -> e instanceof ApiException api && api.status() == 404);
    }

    /**
     * Ends the friendship with another user, and waits until chat-service knows (it learns it from Kafka, a moment
     * after friend-service): a conversation with them is then refused.
     */
    void removeFriend(String friend) {
        UUID friendId = userIdOf(friend);
        call("DELETE", "/api/friends/" + friendId, null, Map.class);
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        while (true) {
            try {
                chat().api().openConversation(friendId);
            } catch (ChatApiException e) {
                if (e.status() == 403) {
                    return;
                }
                throw e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chat-service still lets " + username + " chat with " + friend);
            }
            WebUser.pause(Duration.ofMillis(500));
        }
    }

    /** The usernames of this user's friends. */
    List<String> friends() {
        List<?> friends = call("GET", "/api/friends", null, List.class);
        return friends.stream().map(friend -> String.valueOf(((Map<?, ?>) friend).get("username"))).toList();
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        return stack.api().call(method, path, session.accessToken(), body, type);
    }

    // ---- chat ----

    /**
     * Waits until presence-service and chat-service both know the friendship (they learn it from Kafka, a moment after
     * friend-service), so that what follows does not race their projections; returns the conversation with the friend.
     */
    ConversationInfo awaitFriendshipKnown(UUID friendId) {
        eventually(() -> call("GET", "/api/presence/users/" + friendId, null, Map.class),
                e -> e instanceof ApiException api && api.status() == 404);
        return eventually(() -> chat().api().openConversation(friendId),
                e -> e instanceof ChatApiException api && api.status() == 403);
    }

    /** Opens this device's chat connection; received messages and delivery receipts are kept for the test. */
    void connectChat() throws Exception {
        chat().connect().get(30, TimeUnit.SECONDS);
    }

    private ChatClient chat() {
        if (chat != null) {
            return chat;
        }
        chat = ChatClient.builder()
                .server(stack.gatewayUrl())
                .httpClient(stack.http())
                .user(userId(), session.vault().identity())
                .deviceId(DeviceId.random())
                .accessToken(() -> session.accessToken())
                .listener(new ChatListener() {
                    @Override
                    public void onMessage(ReceivedMessage message) {
                        received.add(message);
                    }

                    @Override
                    public void onDelivered(DeliveryReceipt receipt) {
                        deliveries.add(receipt);
                    }
                })
                .build();
        return chat;
    }

    /** Moves this user's read marker in a conversation, as a client showing the messages up to one would. */
    void markRead(UUID conversationId, UUID upTo) {
        chat().api().markRead(conversationId, upTo);
    }

    Conversation join(ConversationInfo conversation) {
        return chat().join(conversation);
    }

    /** The first received message that satisfies the condition, waiting for it. */
    ReceivedMessage awaitMessage(Predicate<ReceivedMessage> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReceivedMessage message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError(username + " received no such message within " + timeout.toSeconds() + " s");
            }
            if (condition.test(message)) {
                return message;
            }
        }
    }

    DeliveryReceipt awaitDelivery(UUID messageId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DeliveryReceipt receipt = deliveries.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (receipt == null) {
                throw new AssertionError(username + " got no delivery receipt for " + messageId + " within "
                        + timeout.toSeconds() + " s");
            }
            if (receipt.upTo().equals(messageId)) {
                return receipt;
            }
        }
    }

    @Override
    public void close() {
        if (chat != null) {
            chat.close();
        }
    }

    /** Calls until it succeeds, while a failure is one that a projection catching up resolves. */
    static <T> T eventually(Supplier<T> call, Predicate<RuntimeException> retryable) {
        long deadline = System.nanoTime() + PROJECTION_LAG.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!retryable.test(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            WebUser.pause(Duration.ofMillis(500));
        }
    }
}

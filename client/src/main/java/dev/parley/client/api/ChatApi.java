package dev.parley.client.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.api.ChatModels.ConversationInfo;
import dev.parley.client.api.ChatModels.Friend;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredMessage;

/**
 * The chat REST API (chat-service's README): conversations and their history, and groups ({@link #groups()}). Calls
 * block the calling thread; the access token comes from the supplier on every call, so a caller that refreshes tokens
 * hands out the current one.
 */
public final class ChatApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Supplier<URI> base;
    private final Supplier<String> accessToken;
    private final GroupApi groups = new GroupApi(this);

    /** @param base the gateway (or chat-service) address, such as {@code https://localhost:8443} */
    public ChatApi(HttpClient http, URI base, Supplier<String> accessToken) {
        this(http, constant(Objects.requireNonNull(base, "base")), accessToken);
    }

    /** @param base asked on every call: the address to call now (a client that moves between servers) */
    public ChatApi(HttpClient http, Supplier<URI> base, Supplier<String> accessToken) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(base, "base");
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    }

    /** The group endpoints, with this API's server and token. */
    public GroupApi groups() {
        return groups;
    }

    /** The conversation with a friend, created on first use; 403 {@code not_a_friend} for anyone else. */
    public ConversationInfo openConversation(UUID friendId) {
        ObjectNode body = JSON.createObjectNode().put("friendId", friendId.toString());
        return conversation(call("POST", "/api/chat/conversations", body));
    }

    /** The user's conversations, most recently active first, with their unread counts. */
    public List<ConversationInfo> conversations() {
        List<ConversationInfo> conversations = new ArrayList<>();
        call("GET", "/api/chat/conversations", null).forEach(node -> conversations.add(conversation(node)));
        return conversations;
    }

    public ConversationInfo conversation(UUID conversationId) {
        return conversation(call("GET", "/api/chat/conversations/" + conversationId, null));
    }

    /** The newest page of a conversation's history. */
    public HistoryPage newest(UUID conversationId, int limit) {
        return history(conversationId, "limit=" + limit);
    }

    /** The page of messages just older than {@code messageId}, for scrolling back. */
    public HistoryPage before(UUID conversationId, UUID messageId, int limit) {
        return history(conversationId, "before=" + messageId + "&limit=" + limit);
    }

    /** The page of messages just newer than {@code messageId}, for catching up. */
    public HistoryPage after(UUID conversationId, UUID messageId, int limit) {
        return history(conversationId, "after=" + messageId + "&limit=" + limit);
    }

    /** Everything up to {@code messageId} is read; the unread count starts after it. */
    public void markRead(UUID conversationId, UUID messageId) {
        ObjectNode body = JSON.createObjectNode().put("upTo", messageId.toString());
        call("POST", "/api/chat/conversations/" + conversationId + "/read", body);
    }

    private HistoryPage history(UUID conversationId, String query) {
        JsonNode page = call("GET", "/api/chat/conversations/" + conversationId + "/messages?" + query, null);
        List<StoredMessage> messages = new ArrayList<>();
        for (JsonNode message : page.get("messages")) {
            messages.add(new StoredMessage(uuid(message, "id"), uuid(message, "conversationId"), uuid(message, "senderId"),
                    instant(message, "storedAt"), instant(message, "deliveredAt"), message.get("envelope").toString()));
        }
        return new HistoryPage(messages, page.path("hasMore").asBoolean());
    }

    JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken.get())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + path, e);
        }
        JsonNode json = read(response.body());
        if (response.statusCode() >= 300) {
            throw new ChatApiException(response.statusCode(), json.path("error").asText("http_" + response.statusCode()),
                    json.path("message").asText(""));
        }
        return json;
    }

    private static Supplier<URI> constant(URI base) {
        return () -> base;
    }

    private static JsonNode read(String body) {
        if (body == null || body.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static ConversationInfo conversation(JsonNode node) {
        JsonNode friend = node.get("friend");
        return new ConversationInfo(uuid(node, "id"),
                friend == null || friend.isNull() ? null
                        : new Friend(uuid(friend, "userId"), friend.path("username").asText(), friend.path("publicKey").asText()),
                instant(node, "createdAt"), instant(node, "lastActivity"), node.path("unread").asLong());
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(node.get(field).asText());
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}

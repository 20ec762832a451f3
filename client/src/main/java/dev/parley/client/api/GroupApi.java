package dev.parley.client.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.client.api.ChatModels.GroupChangePage;
import dev.parley.client.api.ChatModels.GroupHistoryPage;
import dev.parley.client.api.ChatModels.GroupInfo;
import dev.parley.client.api.ChatModels.GroupReceipt;
import dev.parley.client.api.ChatModels.StoredGroupMessage;

/**
 * The group endpoints of the chat REST API (chat-service's README, "Groups"): groups, their membership and their
 * history, through the {@link ChatApi} they come from (its server and token). A group the user is not a member of now
 * is refused like one that does not exist: {@link ChatApiException} 404 {@code unknown_group}.
 */
public final class GroupApi {

    private static final String GROUPS = "/api/chat/groups";

    private final ChatApi chat;

    GroupApi(ChatApi chat) {
        this.chat = Objects.requireNonNull(chat, "chat");
    }

    /** A group of the user (its creator) and some of their friends, in epoch 1. */
    public GroupInfo create(String name, List<UUID> members) {
        ObjectNode body = ApiTransport.JSON.createObjectNode().put("name", name);
        members.forEach(member -> body.withArray("members").add(member.toString()));
        return group(chat.call("POST", GROUPS, body));
    }

    /** The user's current groups, the most recently active first, with their unread counts. */
    public List<GroupInfo> list() {
        List<GroupInfo> groups = new ArrayList<>();
        chat.call("GET", GROUPS, null).forEach(node -> groups.add(group(node)));
        return groups;
    }

    /** The group with its members, former members and every membership period: what its messages are read with. */
    public GroupInfo get(UUID groupId) {
        return group(chat.call("GET", path(groupId), null));
    }

    /** Adds one of the user's friends: the group in its next epoch. */
    public GroupInfo add(UUID groupId, UUID friendId) {
        ObjectNode body = ApiTransport.JSON.createObjectNode().put("userId", friendId.toString());
        return group(chat.call("POST", path(groupId) + "/members", body));
    }

    /** The creator removes a member: the group in its next epoch. */
    public GroupInfo remove(UUID groupId, UUID memberId) {
        return group(chat.call("DELETE", path(groupId) + "/members/" + memberId, null));
    }

    /** The user leaves the group; it no longer exists for them. */
    public void leave(UUID groupId) {
        chat.call("POST", path(groupId) + "/leave", null);
    }

    /** Any member renames the group; the epoch stays. */
    public GroupInfo rename(UUID groupId, String name) {
        ObjectNode body = ApiTransport.JSON.createObjectNode().put("name", name);
        return group(chat.call("PUT", path(groupId) + "/name", body));
    }

    /** The membership record from its first line. */
    public GroupChangePage changes(UUID groupId, int limit) {
        return changes(groupId, "limit=" + limit);
    }

    /** The membership record after the line {@code changeId}, to catch up. */
    public GroupChangePage changesAfter(UUID groupId, UUID changeId, int limit) {
        return changes(groupId, "after=" + changeId + "&limit=" + limit);
    }

    /** The newest page of the group's history (of the epochs the user was a member in). */
    public GroupHistoryPage newest(UUID groupId, int limit) {
        return history(groupId, "limit=" + limit);
    }

    /** The page of messages just older than {@code messageId}, for scrolling back. */
    public GroupHistoryPage before(UUID groupId, UUID messageId, int limit) {
        return history(groupId, "before=" + messageId + "&limit=" + limit);
    }

    /** The page of messages just newer than {@code messageId}, for catching up. */
    public GroupHistoryPage after(UUID groupId, UUID messageId, int limit) {
        return history(groupId, "after=" + messageId + "&limit=" + limit);
    }

    /**
     * Everything up to {@code messageId} is read (the marker never moves back); with read receipts on, the other
     * members who have them on too are told.
     */
    public void markRead(UUID groupId, UUID messageId) {
        ObjectNode body = ApiTransport.JSON.createObjectNode().put("upTo", messageId.toString());
        chat.call("POST", path(groupId) + "/read", body);
    }

    private GroupChangePage changes(UUID groupId, String query) {
        return ApiTransport.JSON.convertValue(chat.call("GET", path(groupId) + "/changes?" + query, null),
                GroupChangePage.class);
    }

    private GroupHistoryPage history(UUID groupId, String query) {
        JsonNode page = chat.call("GET", path(groupId) + "/messages?" + query, null);
        List<StoredGroupMessage> messages = new ArrayList<>();
        for (JsonNode message : page.path("messages")) {
            // The envelope stays the JSON text it was stored as: the verifier reads it strictly.
            messages.add(new StoredGroupMessage(uuid(message, "id"), uuid(message, "groupId"),
                    uuid(message, "senderId"), message.path("epoch").asLong(),
                    ApiTransport.JSON.convertValue(message.get("storedAt"), Instant.class),
                    message.get("envelope").toString()));
        }
        List<GroupReceipt> receipts = new ArrayList<>();
        page.path("receipts").forEach(receipt -> receipts.add(ApiTransport.JSON.convertValue(receipt, GroupReceipt.class)));
        return new GroupHistoryPage(messages, page.path("hasMore").asBoolean(), receipts);
    }

    private static GroupInfo group(JsonNode node) {
        return ApiTransport.JSON.convertValue(node, GroupInfo.class);
    }

    private static String path(UUID groupId) {
        return GROUPS + "/" + groupId;
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(node.get(field).asText());
    }
}

package dev.parley.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What each user sees of their own state, read through the gateway with their own token: the account (with the
 * vault and its version), friends, sent and received requests, friends' presence (who, not whether online, which
 * the tests' own sockets change), conversations with their unread counts, and the whole history of each
 * (delivery marks included), and the fixture's groups with their membership records. Two snapshots are equal when
 * nothing any user can see has changed.
 * <p>
 * Of groups only the fixture's count: the fuzz may create groups of alice and bob under names that are odd but
 * allowed (a group's name is free text), which changes nothing that was there before.
 */
record StateSnapshot(Map<String, JsonNode> views) {

    private static final List<String> PATHS = List.of("/api/auth/me", "/api/friends", "/api/friends/requests/sent",
            "/api/friends/requests/received", "/api/presence/friends", "/api/chat/conversations");

    static StateSnapshot take(SystemStack stack, Fixture fixture) {
        Gateway gateway = new Gateway(stack);
        Set<String> fixtureGroups = Set.of(fixture.groupAB.toString(), fixture.groupCD.toString());
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (TestUser user : fixture.users()) {
            for (String path : PATHS) {
                views.put(user + " " + path, read(gateway, user, path));
            }
            for (JsonNode conversation : views.get(user + " /api/chat/conversations")) {
                String history = "/api/chat/conversations/" + conversation.path("id").asText() + "/messages?limit=200";
                views.put(user + " " + history, read(gateway, user, history));
            }
            for (JsonNode group : read(gateway, user, "/api/chat/groups")) {
                String id = group.path("id").asText();
                if (fixtureGroups.contains(id)) {
                    views.put(user + " group " + id, group);
                    String changes = "/api/chat/groups/" + id + "/changes?limit=200";
                    views.put(user + " " + changes, read(gateway, user, changes));
                }
            }
        }
        return new StateSnapshot(views);
    }

    private static JsonNode read(Gateway gateway, TestUser user, String path) {
        Gateway.Answer answer = gateway.send(Gateway.Request.of("GET", path).token(user.accessToken()));
        assertThat(answer.status()).as("%s reading %s: %s", user, path, answer).isEqualTo(200);
        JsonNode view = answer.json();
        if (path.equals("/api/presence/friends")) {
            // Online and last seen follow the sockets tests open and close; who is listed must not change.
            for (JsonNode friend : view) {
                ((ObjectNode) friend).remove(List.of("online", "lastSeen"));
            }
        }
        return view;
    }

    /** The views that differ, as "view: before → after"; empty when none. */
    List<String> differencesTo(StateSnapshot after) {
        List<String> differences = new ArrayList<>();
        views.forEach((view, before) -> {
            JsonNode now = after.views().get(view);
            if (!before.equals(now)) {
                differences.add(view + ": " + before + " → " + now);
            }
        });
        after.views().keySet().stream().filter(view -> !views.containsKey(view))
                .forEach(view -> differences.add(view + ": appeared " + after.views().get(view)));
        return differences;
    }

    void assertUnchanged(StateSnapshot after) {
        assertThat(differencesTo(after)).as("what users see changed").isEmpty();
    }
}

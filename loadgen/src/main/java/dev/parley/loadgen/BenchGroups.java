package dev.parley.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatApiException;
import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * Turns users into groups: the first user of each group befriends the others as the {@code messages} mode makes
 * pairs (each sends the other a friend request), then creates the group with them once chat-service has heard of
 * the friendships. Every run creates new groups, so a group's whole history is the run's.
 */
final class BenchGroups {

    /** A group of the run: its id and its members, the creator first. */
    record BenchGroup(UUID id, List<SignedIn> members) {
    }

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

    private final Http http;
    private final Pairs friendships;

    BenchGroups(Http http) {
        this.http = http;
        this.friendships = new Pairs(http);
    }

    /** {@code users.size() / size} groups of {@code size} members each, in the order of the users. */
    List<BenchGroup> form(List<SignedIn> users, int size) {
        System.out.printf("Making %d groups of %d members...%n", users.size() / size, size);
        List<BenchGroup> groups = new ArrayList<>();
        for (int first = 0; first + size <= users.size(); first += size) {
            List<SignedIn> members = users.subList(first, first + size);
            SignedIn creator = members.get(0);
            for (SignedIn member : members.subList(1, size)) {
                friendships.request(creator, member);
                friendships.request(member, creator);
            }
            groups.add(new BenchGroup(create(creator, members.subList(1, size)), List.copyOf(members)));
        }
        return groups;
    }

    private UUID create(SignedIn creator, List<SignedIn> others) {
        ChatApi api = new ChatApi(http.client(), http.base(), creator::accessToken);
        List<UUID> members = others.stream().map(SignedIn::userId).toList();
        long deadline = System.nanoTime() + PROJECTION_WAIT.toNanos();
        while (true) {
            try {
                return api.groups().create("bench " + UUID.randomUUID().toString().substring(0, 8), members).id();
            } catch (ChatApiException e) {
                // chat-service learns of friendships from Kafka, a moment after friend-service made them.
                if (System.nanoTime() > deadline || e.status() != 403) {
                    throw e;
                }
                Pairs.sleep(Duration.ofMillis(200));
            }
        }
    }
}

package dev.parley.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatApiException;
import dev.parley.loadgen.BenchUsers.SignedIn;

/**
 * Turns users into pairs of friends with a conversation: friend requests through friend-service (each adds the
 * other, which makes them friends), then the conversation through chat-service once it has heard of the
 * friendship.
 */
final class Pairs {

    record Pair(SignedIn first, SignedIn second, UUID conversationId) {
    }

    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

    private final Http http;

    Pairs(Http http) {
        this.http = http;
    }

    List<Pair> befriend(List<SignedIn> users) {
        System.out.printf("Making %d pairs of friends...%n", users.size() / 2);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < users.size(); i += 2) {
            SignedIn first = users.get(i);
            SignedIn second = users.get(i + 1);
            request(first, second);
            request(second, first);
            pairs.add(new Pair(first, second, conversation(first, second)));
        }
        return pairs;
    }

    /** A friend request; adding someone who asked first accepts theirs, and "already friends" is fine on a rerun. */
    void request(SignedIn from, SignedIn to) {
        try {
            http.post("/api/friends/requests", from.accessToken(), Map.of("username", to.account().username()));
        } catch (Http.Refused e) {
            if (e.status != 409) {
                throw e;
            }
        }
    }

    private UUID conversation(SignedIn first, SignedIn second) {
        ChatApi api = new ChatApi(http.client(), http.base(), first::accessToken);
        long deadline = System.nanoTime() + PROJECTION_WAIT.toNanos();
        while (true) {
            try {
                return api.openConversation(second.userId()).id();
            } catch (ChatApiException e) {
                // chat-service learns of users and friendships from Kafka, a moment after the other services.
                if (System.nanoTime() > deadline || (e.status() != 403 && e.status() != 404)) {
                    throw e;
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** Sleeps until that {@link System#nanoTime()}; returns at once when it passed. */
    static void sleepUntil(long nanoTime) {
        try {
            for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.parley.friend.rest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.parley.friend.service.FriendRequestService.ReceivedRequest;
import dev.parley.friend.service.FriendRequestService.SentRequest;
import dev.parley.friend.service.FriendshipService.Friend;

/** The JSON bodies of the friends API. */
final class Dtos {

    private Dtos() {
    }

    record AddFriendRequest(String username) {
    }

    /** The usernames ticked in the received requests tab. */
    record Selection(List<String> usernames) {
    }

    /** What the user is told; {@code requestId} only when a new request was sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageView(String message, UUID requestId) {
        MessageView(String message) {
            this(message, null);
        }
    }

    record FriendView(UUID userId, String username, Instant since) {
        static FriendView of(Friend friend) {
            return new FriendView(friend.userId(), friend.username(), friend.since());
        }
    }

    /** {@code status}: "pending", "approved" or "rejected". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SentRequestView(UUID requestId, UUID userId, String username, String status, Instant createdAt,
            Instant decidedAt) {
        static SentRequestView of(SentRequest request) {
            return new SentRequestView(request.requestId(), request.userId(), request.username(),
                    request.status().name().toLowerCase(Locale.ROOT), request.createdAt(), request.decidedAt());
        }
    }

    record ReceivedRequestView(UUID requestId, UUID userId, String username, Instant createdAt) {
        static ReceivedRequestView of(ReceivedRequest request) {
            return new ReceivedRequestView(request.requestId(), request.userId(), request.username(),
                    request.createdAt());
        }
    }
}

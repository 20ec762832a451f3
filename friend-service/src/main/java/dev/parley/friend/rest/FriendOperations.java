package dev.parley.friend.rest;

import dev.parley.api.OutcomeCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code parley_friend_operations_total{operation, outcome}}: what people do with requests and friendships. */
final class FriendOperations {

    static final String NAME = "parley.friend.operations";

    private FriendOperations() {
    }

    /** Operations: add, cancel, approve, reject (requests) and remove (friendships). */
    static OutcomeCounter counter(MeterRegistry metrics, String operation) {
        return new OutcomeCounter(metrics, NAME, "Friend request and friendship operations, by outcome", "operation",
                operation);
    }
}

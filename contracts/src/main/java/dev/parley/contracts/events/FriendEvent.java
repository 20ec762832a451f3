package dev.parley.contracts.events;

import dev.parley.contracts.EventPayload;

/**
 * What travels on the friend-events topic. Java 17 has no exhaustive switch over a sealed type, so a consumer handles
 * the events through a {@link Visitor}: a new event type added here is a new visitor method, and every consumer that
 * does not say what it does with it fails to compile.
 */
public sealed interface FriendEvent extends EventPayload
        permits FriendRequestSent, FriendRequestCancelled, FriendRequestApproved, FriendRequestRejected, FriendRemoved {

    <R> R accept(Visitor<R> visitor);

    /** What a consumer makes of each friend event. */
    interface Visitor<R> {

        R sent(FriendRequestSent sent);

        R cancelled(FriendRequestCancelled cancelled);

        R approved(FriendRequestApproved approved);

        R rejected(FriendRequestRejected rejected);

        R removed(FriendRemoved removed);
    }
}

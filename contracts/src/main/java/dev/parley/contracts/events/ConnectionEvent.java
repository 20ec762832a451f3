package dev.parley.contracts.events;

import dev.parley.contracts.EventPayload;

/**
 * What travels on the connections topic: connections opened and closed (keyed by user id) and instance heartbeats
 * (keyed by instance id). As with {@link FriendEvent}, a consumer handles them through a {@link Visitor}, so that a new
 * type cannot be forgotten.
 */
public sealed interface ConnectionEvent extends EventPayload
        permits ConnectionOpened, ConnectionClosed, InstanceHeartbeat {

    <R> R accept(Visitor<R> visitor);

    /** What a consumer makes of each connection event. */
    interface Visitor<R> {

        R opened(ConnectionOpened opened);

        R closed(ConnectionClosed closed);

        R heartbeat(InstanceHeartbeat heartbeat);
    }
}

package dev.parley.contracts;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.parley.contracts.events.ConnectionEvent;
import dev.parley.contracts.events.FriendEvent;
import dev.parley.contracts.events.FriendshipState;
import dev.parley.contracts.events.PresenceChanged;
import dev.parley.contracts.events.SessionsRevoked;
import dev.parley.contracts.events.UserSnapshot;

/**
 * A topic of events and the payload types it carries, so that a consumer reads typed events instead of envelopes. A
 * topic carrying one type is typed by that record; one carrying several by the sealed interface its records implement
 * ({@link FriendEvent}, {@link ConnectionEvent}), whose visitor makes every consumer say what it does with each.
 */
public final class EventTopic<P extends EventPayload> {

    public static final EventTopic<UserSnapshot> USERS = new EventTopic<>(Topics.USERS, UserSnapshot.class);
    public static final EventTopic<FriendshipState> FRIENDSHIPS =
            new EventTopic<>(Topics.FRIENDSHIPS, FriendshipState.class);
    public static final EventTopic<FriendEvent> FRIEND_EVENTS = new EventTopic<>(Topics.FRIEND_EVENTS, FriendEvent.class);
    public static final EventTopic<ConnectionEvent> CONNECTIONS =
            new EventTopic<>(Topics.CONNECTIONS, ConnectionEvent.class);
    public static final EventTopic<PresenceChanged> PRESENCE_CHANGES =
            new EventTopic<>(Topics.PRESENCE_CHANGES, PresenceChanged.class);
    public static final EventTopic<SessionsRevoked> SESSION_REVOCATIONS =
            new EventTopic<>(Topics.SESSION_REVOCATIONS, SessionsRevoked.class);

    private final String name;
    /** Each payload record of the topic, by its wire type and version ({@link #wireName}). */
    private final Map<String, Class<? extends P>> payloadTypes = new HashMap<>();

    EventTopic(String name, Class<P> payloadType) {
        this.name = name;
        if (payloadType.isSealed()) {
            for (Class<?> member : payloadType.getPermittedSubclasses()) {
                add(member.asSubclass(payloadType));
            }
        } else {
            add(payloadType);
        }
    }

    private void add(Class<? extends P> payloadType) {
        EventType meta = payloadType.getAnnotation(EventType.class);
        if (meta == null) {
            throw new IllegalArgumentException(payloadType.getName() + " has no @EventType");
        }
        payloadTypes.put(wireName(meta.name(), meta.version()), payloadType);
    }

    public String name() {
        return name;
    }

    /**
     * The event a record's value carries; empty when it is of a type or version this topic's consumers do not read
     * (a newer producer's, say), which they skip.
     *
     * @throws EventCodec.MalformedEventException when the value is not an event, or its payload not of the shape its
     *                                            type says
     */
    public Optional<Event<P>> decode(String value) {
        EventEnvelope envelope = EventCodec.decode(value);
        Class<? extends P> payloadType = payloadTypes.get(wireName(envelope.type(), envelope.version()));
        if (payloadType == null) {
            return Optional.empty();
        }
        return Optional.of(new Event<>(envelope.id(), envelope.time(), envelope.data(payloadType)));
    }

    private static String wireName(String type, int version) {
        return type + " v" + version;
    }

    @Override
    public String toString() {
        return name;
    }
}

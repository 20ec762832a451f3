package dev.parley.contracts;

import java.util.List;

/**
 * Who may do what on Kafka: one principal per service, each allowed to write only the topics it owns and to read only
 * those it consumes, with the consumer groups it uses. The local stack applies this list to its broker; the compose
 * setup script and the Strimzi KafkaUsers say the same (deploy-checks compares them).
 */
public final class KafkaAccess {

    /** A consumer group name, or every group starting with it. */
    public record Group(String name, boolean prefix) {
        static Group literal(String name) {
            return new Group(name, false);
        }

        static Group prefixed(String prefix) {
            return new Group(prefix, true);
        }
    }

    /** What one principal ({@code User:<name>}) may do. */
    public record Principal(String name, List<String> writes, List<String> reads, List<Group> groups) {
    }

    public static final List<Principal> ALL = List.of(
            new Principal("auth-service",
                    List.of(Topics.USERS, Topics.SESSION_REVOCATIONS),
                    List.of(Topics.SESSION_REVOCATIONS),
                    List.of()),
            new Principal("friend-service",
                    List.of(Topics.FRIENDSHIPS, Topics.FRIEND_EVENTS),
                    List.of(Topics.USERS, Topics.SESSION_REVOCATIONS),
                    List.of(Group.literal("friend-service"))),
            new Principal("presence-service",
                    List.of(Topics.PRESENCE_CHANGES),
                    List.of(Topics.CONNECTIONS, Topics.FRIENDSHIPS, Topics.USERS, Topics.SESSION_REVOCATIONS),
                    List.of(Group.literal("presence-service"), Group.literal("presence-service-friendships"),
                            Group.literal("presence-service-users"), Group.prefixed("presence-heartbeats-"))),
            new Principal("chat-service",
                    List.of(Topics.CHAT_MESSAGES, Topics.CONNECTIONS),
                    List.of(Topics.USERS, Topics.FRIENDSHIPS, Topics.FRIEND_EVENTS, Topics.PRESENCE_CHANGES,
                            Topics.CHAT_MESSAGES, Topics.SESSION_REVOCATIONS),
                    List.of(Group.literal("chat-service"), Group.literal("chat-service-users"),
                            Group.literal("chat-service-friendships"))),
            new Principal("gateway",
                    List.of(),
                    List.of(Topics.SESSION_REVOCATIONS),
                    List.of()));

    private KafkaAccess() {
    }
}

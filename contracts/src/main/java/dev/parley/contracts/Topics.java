package dev.parley.contracts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of Parley, with its key and its shape. Services and the infrastructure that creates topics up
 * front both read this list, so a topic is named in one place.
 */
public final class Topics {

    /** Latest snapshot of each user, keyed by user id; a tombstone (null value) when the account is deleted. */
    public static final String USERS = "users";
    /** Current state of each pair of users, keyed by the pair ({@link Keys#pair}). */
    public static final String FRIENDSHIPS = "friendships";
    /** What happened to friend requests and friendships, keyed by the pair. */
    public static final String FRIEND_EVENTS = "friend-events";
    /**
     * Live delivery between chat-service instances: each instance reads only the partition it claimed, and a frame
     * is written to the partitions of the instances where its recipient is connected ({@link DeliveryRecords}).
     */
    public static final String CHAT_MESSAGES = "chat-messages";
    /** Connections opened and closed on chat instances, keyed by user id; heartbeats keyed by instance id. */
    public static final String CONNECTIONS = "connections";
    /** Online and offline transitions, keyed by user id. */
    public static final String PRESENCE_CHANGES = "presence-changes";
    /**
     * Sessions auth-service ended, keyed by user id. Every service and the gateway read all of it (no consumer
     * group) from one access-token lifetime back, and refuse the sessions' tokens until they would have expired. Kept
     * one hour: longer than an access token lives.
     */
    public static final String SESSION_REVOCATIONS = "session-revocations";

    /**
     * How a topic is created: its partition count, whether the log is compacted (a table) or deleted (a stream), and
     * how long a stream keeps its records (null: the broker's default).
     */
    public record TopicSpec(String name, int partitions, boolean compacted, Duration retention) {

        public TopicSpec(String name, int partitions, boolean compacted) {
            this(name, partitions, compacted, null);
        }

        /** The topic-level configuration that creates it this way (cleanup.policy, retention.ms). */
        public Map<String, String> configs() {
            Map<String, String> configs = new LinkedHashMap<>();
            configs.put("cleanup.policy", compacted ? "compact" : "delete");
            if (retention != null) {
                configs.put("retention.ms", Long.toString(retention.toMillis()));
            }
            return configs;
        }
    }

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(USERS, 3, true),
            new TopicSpec(FRIENDSHIPS, 6, true),
            new TopicSpec(FRIEND_EVENTS, 3, false),
            new TopicSpec(CHAT_MESSAGES, 12, false),
            new TopicSpec(CONNECTIONS, 6, false),
            new TopicSpec(PRESENCE_CHANGES, 6, false),
            new TopicSpec(SESSION_REVOCATIONS, 3, false, Duration.ofHours(1)));

    private Topics() {
    }
}

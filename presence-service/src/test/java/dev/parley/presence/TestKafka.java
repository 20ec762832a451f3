package dev.parley.presence;

import org.eclipse.microprofile.config.ConfigProvider;

/** One writer to the topics and one reader of presence-changes for every test of the JVM, on the tests' broker. */
final class TestKafka {

    private static TopicWriter topics;
    private static PresenceChanges changes;

    private TestKafka() {
    }

    static synchronized TopicWriter topics() {
        if (topics == null) {
            topics = new TopicWriter(bootstrapServers());
        }
        return topics;
    }

    /** Reads presence-changes from the moment of its first call on. */
    static synchronized PresenceChanges changes() {
        if (changes == null) {
            changes = new PresenceChanges(bootstrapServers());
        }
        return changes;
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}

package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.parley.contracts.Topics;

/**
 * What each Kafka principal (one per deployed module, named like it) must be allowed, derived from the services:
 * it writes the topics its service owns and reads the topics its channels consume, in the consumer groups those
 * channels use. An ACL is written "type:name:pattern:operation", as both deployments are compared in that form.
 */
final class KafkaAccess {

    /**
     * Who owns (alone writes) each topic: the "publishes" column of the architecture's "Who owns what", and
     * session-revocations, announced by auth-service. Checked against the sources: a module publishes only what
     * it owns.
     */
    static final Map<String, String> OWNERS = Map.of(
            Topics.USERS, "auth-service",
            Topics.SESSION_REVOCATIONS, "auth-service",
            Topics.FRIENDSHIPS, "friend-service",
            Topics.FRIEND_EVENTS, "friend-service",
            Topics.PRESENCE_CHANGES, "presence-service",
            Topics.CHAT_MESSAGES, "chat-service",
            Topics.CONNECTIONS, "chat-service");

    /** Read by every service and the gateway, which refuse tokens of revoked sessions. */
    static final String READ_BY_ALL = Topics.SESSION_REVOCATIONS;

    private static final Pattern PUBLISH =
            Pattern.compile("(?:publish|tombstone|ProducerRecord<>)\\(\\s*Topics\\.([A-Z_]+)");
    private static final Pattern INCOMING_TOPIC = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.topic$");

    private KafkaAccess() {
    }

    /** The topics a module's main sources hand to the outbox or a producer. */
    static Set<String> publishedBySources(String module) {
        Set<String> topics = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Repository.path(module + "/src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher calls = PUBLISH.matcher(Repository.read(file));
                while (calls.find()) {
                    topics.add(constant(calls.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topics;
    }

    /** The ACLs the module's principal needs. */
    static Set<String> required(String module) {
        Set<String> acls = new TreeSet<>();
        OWNERS.forEach((topic, owner) -> {
            if (owner.equals(module)) {
                acls.add("topic:" + topic + ":literal:Write");
            }
        });
        acls.add("topic:" + READ_BY_ALL + ":literal:Read");
        Properties properties = ServiceModule.properties(module);
        for (String key : properties.stringPropertyNames()) {
            Matcher incoming = INCOMING_TOPIC.matcher(key);
            if (!incoming.matches()) {
                continue;
            }
            acls.add("topic:" + properties.getProperty(key) + ":literal:Read");
            // Without a group.id the connector uses the application name; assigned consumers have one too.
            String group = properties.getProperty("mp.messaging.incoming." + incoming.group(1) + ".group.id",
                    properties.getProperty("kafka.group.id", properties.getProperty("quarkus.application.name")));
            int expression = group.indexOf("${");
            acls.add(expression < 0 ? "group:" + group + ":literal:Read"
                    : "group:" + group.substring(0, expression) + ":prefix:Read");
        }
        return acls;
    }

    private static String constant(String name) {
        try {
            return Topics.class.getField(name).get(null).toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("No topic constant Topics." + name, e);
        }
    }
}

package dev.parley.chat.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.parley.contracts.Topics;
import io.smallrye.common.annotation.Identifier;

/**
 * This chat-service process among the running ones.
 * <p>
 * Every instance must see every chat message and presence change, since it delivers them to the sockets it holds.
 * Those channels therefore take all partitions of their topic directly (no consumer group to join, no rebalance
 * when instances come and go) and start at the end: what was sent before the instance started reaches its sockets'
 * clients through history.
 */
@ApplicationScoped
public class Instance {

    /** The kafka-configuration of the chat-messages channel. */
    public static final String MESSAGES_CONSUMER = "chat-messages-consumer";
    /** The kafka-configuration of the presence-changes channel. */
    public static final String PRESENCE_CONSUMER = "presence-changes-consumer";

    private final String id;

    Instance(ChatConfig config) {
        // A fresh suffix at every start: presence-service counts a process's connections until that id's heartbeats
        // stop, so a restarted process (same pod name) must never come back under the id of its earlier life.
        this.id = config.instanceId().filter(name -> !name.isBlank()).orElseGet(Instance::hostName) + "-" + randomSuffix();
    }

    public String id() {
        return id;
    }

    @Produces
    @Identifier(MESSAGES_CONSUMER)
    Map<String, Object> messagesConsumer() {
        return everyPartitionFromTheEnd(Topics.CHAT_MESSAGES);
    }

    @Produces
    @Identifier(PRESENCE_CONSUMER)
    Map<String, Object> presenceConsumer() {
        return everyPartitionFromTheEnd(Topics.PRESENCE_CHANGES);
    }

    private Map<String, Object> everyPartitionFromTheEnd(String topic) {
        int partitions = Topics.ALL.stream().filter(spec -> spec.name().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No topic " + topic + " in the contracts")).partitions();
        String assignments = IntStream.range(0, partitions).mapToObj(partition -> topic + ":" + partition + ":-1")
                .collect(Collectors.joining(","));
        return Map.of("assign-seek", assignments, "client.id", topic + "-" + id);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "chat";
        }
    }

    private static String randomSuffix() {
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        return HexFormat.of().formatHex(suffix);
    }
}

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
 * Every instance must see every presence change and every friend event, since it tells the users whose sockets it
 * holds. Those channels therefore take all partitions of their topic directly (no consumer group to join, no
 * rebalance when instances come and go) and start at the end: what happened before the instance started reaches
 * clients through the API. Chat messages, by contrast, come only for this instance's sockets (see
 * {@link dev.parley.chat.delivery.DeliverySlot}).
 */
@ApplicationScoped
public class Instance {

    /** The kafka-configuration of the presence-changes channel. */
    public static final String PRESENCE_CONSUMER = "presence-changes-consumer";
    /** The kafka-configuration of the friend-events channel. */
    public static final String FRIEND_EVENTS_CONSUMER = "friend-events-consumer";

    private final String id;

    Instance(ChatConfig config) {
        // A fresh suffix at every start: presence-service counts a process's connections until that id's heartbeats
        // stop, so a restarted process (same pod name) must never come back under the id of its earlier life.
        this.id = config.instanceId().filter(name -> !name.isBlank()).orElseGet(Instance::hostName) + "-" + randomSuffix();
    }

    public String id() {
        return id;
    }

    /** Every partition of presence-changes as Kafka has them when the channel is set up (no compiled-in count). */
    @Produces
    @Identifier(PRESENCE_CONSUMER)
    Map<String, Object> presenceConsumer(TopicPartitions partitions) {
        return everyPartitionFromTheEnd(Topics.PRESENCE_CHANGES, partitions.of(Topics.PRESENCE_CHANGES));
    }

    /** Every partition of friend-events, likewise. */
    @Produces
    @Identifier(FRIEND_EVENTS_CONSUMER)
    Map<String, Object> friendEventsConsumer(TopicPartitions partitions) {
        return everyPartitionFromTheEnd(Topics.FRIEND_EVENTS, partitions.of(Topics.FRIEND_EVENTS));
    }

    private Map<String, Object> everyPartitionFromTheEnd(String topic, int partitions) {
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

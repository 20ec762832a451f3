package dev.parley.chat.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.config.Instance;
import dev.parley.chat.config.TopicPartitions;
import dev.parley.chat.repository.DeliveryRepository;
import dev.parley.contracts.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * The partition of chat-messages this instance reads: its slot. An instance claims the lowest slot that no live
 * instance holds (a claim lives while it is renewed within {@code parley.chat.delivery.claim-timeout}), so N
 * instances read N partitions and each gets only the frames for the sockets it holds. The number of slots is the
 * topic's partition count as Kafka reports it, never a compiled-in number: raising the partitions allows more
 * instances.
 * <p>
 * The claim is made once, when the consumer is set up (blocking, at start). An instance that could not renew its
 * claim for longer than the timeout, and found it taken by another, says so in its liveness check: it can no longer
 * be told apart from the new owner, so it has to be restarted.
 */
@ApplicationScoped
public class DeliverySlot {

    /** The kafka-configuration of the chat-messages channel. */
    public static final String MESSAGES_CONSUMER = "chat-messages-consumer";

    private static final Logger LOG = Logger.getLogger(DeliverySlot.class);
    private static final int CLAIM_ATTEMPTS = 5;

    private static final String CLAIM = """
            INSERT INTO chat_instance (slot, instance_id, heartbeat_at)
            SELECT s, ?, now() FROM generate_series(0, ? - 1) AS s
            WHERE NOT EXISTS (SELECT 1 FROM chat_instance c
                WHERE c.slot = s AND c.heartbeat_at > now() - make_interval(secs => ?))
            ORDER BY s LIMIT 1
            ON CONFLICT (slot) DO UPDATE SET instance_id = excluded.instance_id, heartbeat_at = excluded.heartbeat_at
                WHERE chat_instance.heartbeat_at <= now() - make_interval(secs => ?)
            RETURNING slot""";

    private final AgroalDataSource dataSource;
    private final DeliveryRepository repository;
    private final TopicPartitions partitions;
    private final Instance instance;
    private final ChatConfig config;
    private volatile Integer slot;
    private volatile boolean lost;
    private volatile boolean released;

    DeliverySlot(AgroalDataSource dataSource, DeliveryRepository repository,
            TopicPartitions partitions, Instance instance, ChatConfig config) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.partitions = partitions;
        this.instance = instance;
        this.config = config;
    }

    /** The kafka-configuration of the chat-messages channel: this instance's partition, from its end. */
    @Produces
    @Identifier(MESSAGES_CONSUMER)
    Map<String, Object> messagesConsumer() {
        return Map.of("assign-seek", Topics.CHAT_MESSAGES + ":" + slot() + ":-1",
                "client.id", Topics.CHAT_MESSAGES + "-" + instance.id());
    }

    /** This instance's slot (the partition it reads), claimed at the first call. */
    public int slot() {
        Integer claimed = slot;
        if (claimed == null) {
            synchronized (this) {
                if (slot == null) {
                    slot = claim(partitions.of(Topics.CHAT_MESSAGES));
                }
                claimed = slot;
            }
        }
        return claimed;
    }

    /** Whether the claim still holds (see the class comment). */
    public boolean held() {
        return !lost;
    }

    @Scheduled(every = "${parley.chat.delivery.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        Integer claimed = slot;
        if (claimed == null || released) {
            return Uni.createFrom().voidItem();
        }
        return repository.heartbeat(claimed, instance.id())
                .invoke(held -> {
                    if (!held && !lost) {
                        lost = true;
                        LOG.errorf("Delivery slot %d was claimed by another instance while this one could not renew it;"
                                + " restart this instance", claimed);
                    }
                })
                .chain(() -> repository.deleteStaleRoutes(config.delivery().claimTimeout()))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Delivery slot %d not renewed: %s", claimed, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Gives the slot up at a clean shutdown, after the sockets were closed and announced. */
    public Uni<Void> release() {
        Integer claimed = slot;
        released = true;
        return claimed == null ? Uni.createFrom().voidItem() : repository.release(claimed, instance.id());
    }

    private int claim(int partitions) {
        long timeoutSeconds = config.delivery().claimTimeout().toSeconds();
        try (Connection connection = dataSource.getConnection()) {
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                    claim.setString(1, instance.id());
                    claim.setInt(2, partitions);
                    claim.setLong(3, timeoutSeconds);
                    claim.setLong(4, timeoutSeconds);
                    try (ResultSet claimed = claim.executeQuery()) {
                        if (claimed.next()) {
                            int slot = claimed.getInt(1);
                            forgetRoutesOfFormerOwner(connection, slot);
                            LOG.infof("Instance %s reads partition %d of %d of %s", instance.id(), slot, partitions,
                                    Topics.CHAT_MESSAGES);
                            return slot;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim a partition of " + Topics.CHAT_MESSAGES, e);
        }
        throw new IllegalStateException("Every one of the " + partitions + " partitions of " + Topics.CHAT_MESSAGES
                + " is claimed by a running chat-service instance: raise the topic's partitions to run more instances");
    }

    private void forgetRoutesOfFormerOwner(Connection connection, int slot) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM socket_route WHERE slot = ? AND instance_id <> ?")) {
            delete.setInt(1, slot);
            delete.setString(2, instance.id());
            delete.executeUpdate();
        }
    }
}

package dev.parley.chat.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where live frames go: the instances' claimed slots (partitions of chat-messages), the routes of open sockets to
 * those slots, and the stored messages whose live delivery is still pending. On the reactive client, like
 * {@link MessageStore}, since the message path asks for routes after every stored batch.
 */
@ApplicationScoped
public class DeliveryRepository {

    /** A stored message to publish again, with its recipient. */
    public record PendingMessage(long id, UUID publicId, UUID conversationId, UUID senderId, UUID recipientId,
            Instant storedAt, String envelope) {
    }

    /** A stored group message to publish again, with the other members of the epoch it was sealed for. */
    public record PendingGroupMessage(long id, UUID publicId, UUID groupId, UUID senderId, int epoch,
            List<UUID> recipientIds, Instant storedAt, String envelope) {
    }

    /** Pending rows taken by one sweep, and their messages. */
    public record PendingBatch(List<Long> pendingIds, List<PendingMessage> messages,
            List<PendingGroupMessage> groupMessages) {
    }

    private final Pool pool;

    DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** The slots holding sockets of each of these users; users without open sockets are absent. */
    public Uni<Map<UUID, Set<Integer>>> slotsOf(Collection<UUID> users) {
        return pool.preparedQuery("SELECT user_id, slot FROM socket_route WHERE user_id = ANY($1::uuid[])")
                .execute(Tuple.of(users.toArray(UUID[]::new)))
                .map(rows -> slotsByUser(rows.getDelegate()));
    }

    /** Rows of (user id, slot) as the slots of each user. */
    static Map<UUID, Set<Integer>> slotsByUser(Iterable<io.vertx.sqlclient.Row> rows) {
        Map<UUID, Set<Integer>> slots = new HashMap<>();
        for (io.vertx.sqlclient.Row row : rows) {
            slots.computeIfAbsent(row.getUUID(0), ignored -> new HashSet<>(2)).add(row.getInteger(1));
        }
        return slots;
    }

    /** Renews this instance's claim; false when the slot is no longer this instance's. */
    public Uni<Boolean> heartbeat(int slot, String instanceId) {
        return pool.preparedQuery("UPDATE chat_instance SET heartbeat_at = now() WHERE slot = $1 AND instance_id = $2")
                .execute(Tuple.of(slot, instanceId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Deletes the routes of sockets whose instance no longer holds its slot (it died, and its claim ran out). */
    public Uni<Integer> deleteStaleRoutes(Duration claimTimeout) {
        return pool.preparedQuery("""
                DELETE FROM socket_route r WHERE NOT EXISTS (SELECT 1 FROM chat_instance c
                    WHERE c.slot = r.slot AND c.instance_id = r.instance_id
                    AND c.heartbeat_at > now() - make_interval(secs => $1))""")
                .execute(Tuple.of((double) claimTimeout.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** Gives the slot up and forgets this instance's routes (at a clean shutdown, once its sockets are closed). */
    public Uni<Void> release(int slot, String instanceId) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM socket_route WHERE instance_id = $1").execute(Tuple.of(instanceId))
                .chain(() -> connection.preparedQuery("DELETE FROM chat_instance WHERE slot = $1 AND instance_id = $2")
                        .execute(Tuple.of(slot, instanceId))))
                .replaceWithVoid();
    }

    /**
     * In one transaction: takes pending rows older than {@code age} that no other sweeper holds, lets {@code publish}
     * send their messages, and deletes the rows if it answers true (else they stay for the next sweep).
     */
    public Uni<Integer> sweepPending(Duration age, int limit, Function<PendingBatch, Uni<Boolean>> publish) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                SELECT id, message_ids, group_message_ids FROM delivery_pending
                WHERE created_at < now() - make_interval(secs => $1)
                ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of((double) age.toSeconds(), limit))
                .chain(rows -> {
                    List<Long> pendingIds = new ArrayList<>();
                    List<Long> messageIds = new ArrayList<>();
                    List<Long> groupMessageIds = new ArrayList<>();
                    for (Row row : rows) {
                        pendingIds.add(row.getLong(0));
                        messageIds.addAll(List.of(row.getArrayOfLongs(1)));
                        groupMessageIds.addAll(List.of(row.getArrayOfLongs(2)));
                    }
                    if (pendingIds.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return messages(connection, messageIds)
                            .chain(messages -> groupMessages(connection, groupMessageIds)
                                    .map(groupMessages -> new PendingBatch(pendingIds, messages, groupMessages)))
                            .chain(publish::apply)
                            .chain(published -> !published ? Uni.createFrom().item(0)
                                    : connection.preparedQuery("DELETE FROM delivery_pending WHERE id = ANY($1::bigint[])")
                                            .execute(Tuple.of(pendingIds.toArray(Long[]::new)))
                                            .map(deleted -> pendingIds.size()));
                }));
    }

    /**
     * The group messages still stored, oldest first, each with the members of its epoch but the sender (whoever was
     * a member then: those who left since get it as they would have got it live).
     */
    private static Uni<List<PendingGroupMessage>> groupMessages(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery("""
                SELECT m.id, m.public_id, m.group_id, m.sender_id, m.epoch, m.stored_at, m.envelope,
                    ARRAY(SELECT p.user_id FROM group_member p WHERE p.group_id = m.group_id
                        AND p.joined_epoch <= m.epoch AND (p.left_epoch IS NULL OR p.left_epoch > m.epoch)
                        AND p.user_id <> m.sender_id)
                FROM group_message m WHERE m.id = ANY($1::bigint[]) ORDER BY m.id""")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    List<PendingGroupMessage> messages = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        messages.add(new PendingGroupMessage(row.getLong(0), row.getUUID(1), row.getUUID(2),
                                row.getUUID(3), row.getInteger(4), List.of(row.getArrayOfUUIDs(7)),
                                row.getOffsetDateTime(5).toInstant(), row.getString(6)));
                    }
                    return messages;
                });
    }

    /** The messages still stored (a deleted account's are gone), oldest first, each with its recipient. */
    private static Uni<List<PendingMessage>> messages(SqlConnection connection, List<Long> ids) {
        return connection.preparedQuery("""
                SELECT m.id, m.public_id, m.conversation_id, m.sender_id, cm.friend_id, m.stored_at, m.envelope
                FROM message m
                JOIN conversation_member cm ON cm.conversation_id = m.conversation_id AND cm.user_id = m.sender_id
                WHERE m.id = ANY($1::bigint[]) ORDER BY m.id""")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    List<PendingMessage> messages = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        messages.add(new PendingMessage(row.getLong(0), row.getUUID(1), row.getUUID(2), row.getUUID(3),
                                row.getUUID(4), row.getOffsetDateTime(5).toInstant(), row.getString(6)));
                    }
                    return messages;
                });
    }
}

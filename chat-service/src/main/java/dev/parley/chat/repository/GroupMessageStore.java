package dev.parley.chat.repository;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores a group message in one transaction on the reactive PostgreSQL client, checked against the membership of that
 * moment: the group's row is read {@code FOR SHARE}, and membership changes lock it {@code FOR UPDATE}
 * (GroupRepository.lock), so no member joins or leaves between the check and the commit, and a message is always
 * stored under the epoch whose members it was sealed for.
 */
@ApplicationScoped
public class GroupMessageStore {

    /** A checked group envelope to store at its sender's chain position. */
    public record NewGroupMessage(UUID publicId, UUID groupId, UUID senderId, String deviceId, long seq, int epoch,
            String envelope) {
    }

    /** What became of a send; only {@link Stored} stored anything. */
    public sealed interface Result {
    }

    /**
     * Stored under {@code id}; {@code recipients} are the other members, {@code pendingId} the delivery_pending row
     * to delete once Kafka took every record of its live delivery.
     */
    public record Stored(long id, List<UUID> recipients, long pendingId) implements Result {
    }

    /** The chain position holds a message already: the same one again (a retry) or another. */
    public record PositionTaken(UUID publicId, int epoch, Instant storedAt, String envelope) implements Result {
    }

    /** No such group, or the sender is not a member of it now. */
    public record NotAMember() implements Result {
    }

    /** The message was sealed for another epoch than {@code current}. */
    public record OtherEpoch(int current) implements Result {
    }

    /** The message's keys do not name exactly the group's other members. */
    public record OtherRecipients() implements Result {
    }

    private static final String LOCK_GROUP = "SELECT epoch FROM chat_group WHERE id = $1 FOR SHARE";
    private static final String CURRENT_MEMBERS =
            "SELECT user_id FROM group_member WHERE group_id = $1 AND left_epoch IS NULL";
    private static final String AT_POSITION = """
            SELECT public_id, epoch, stored_at, envelope FROM group_message
            WHERE group_id = $1 AND sender_id = $2 AND device_id = $3 AND seq = $4""";
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO group_message (public_id, group_id, sender_id, device_id, seq, epoch, envelope, stored_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (group_id, sender_id, device_id, seq) DO NOTHING
                RETURNING id
            ), pending AS (
                INSERT INTO delivery_pending (message_ids, group_message_ids) SELECT '{}', ARRAY[id] FROM inserted
                RETURNING id
            )
            SELECT i.id, p.id FROM inserted i, pending p""";

    private final Pool pool;

    GroupMessageStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the message if its sender is a member now, it names the current epoch and its key is wrapped for exactly
     * {@code recipients} = the other members, and its chain position is free; otherwise stores nothing and says why. A
     * taken position is reported first (for a member), so a retry of a stored message is recognised even after the
     * membership changed.
     */
    public Uni<Result> store(NewGroupMessage message, Set<UUID> recipients, Instant storedAt) {
        // Statements one after another: the members are read once the group's row is locked, in a snapshot that
        // includes every change committed before.
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_GROUP)
                .execute(Tuple.of(message.groupId()))
                .chain(group -> {
                    if (group.size() == 0) {
                        return Uni.createFrom().item(new NotAMember());
                    }
                    int epoch = group.iterator().next().getInteger(0);
                    return connection.preparedQuery(CURRENT_MEMBERS).execute(Tuple.of(message.groupId()))
                            .chain(rows -> storeForMembers(connection, message, recipients, epoch, userIds(rows),
                                    storedAt));
                }));
    }

    private Uni<Result> storeForMembers(SqlConnection connection, NewGroupMessage message, Set<UUID> recipients,
            int epoch, Set<UUID> members, Instant storedAt) {
        if (!members.remove(message.senderId())) {
            return Uni.createFrom().item(new NotAMember());
        }
        return atPosition(connection, message).chain(taken -> {
            if (taken != null) {
                return Uni.createFrom().item(taken);
            }
            if (message.epoch() != epoch) {
                return Uni.createFrom().item(new OtherEpoch(epoch));
            }
            if (!members.equals(recipients)) {
                return Uni.createFrom().item(new OtherRecipients());
            }
            return connection.preparedQuery(INSERT).execute(Tuple.from(List.of(message.publicId(), message.groupId(),
                    message.senderId(), message.deviceId(), message.seq(), message.epoch(), message.envelope(),
                    MessageStore.utc(storedAt))))
                    .chain(inserted -> inserted.size() == 0
                            // Another socket of the device stored this position meanwhile.
                            ? atPosition(connection, message).map(Result.class::cast)
                            : Uni.createFrom().item(stored(inserted.iterator().next(), members)));
        });
    }

    private static Result stored(Row row, Set<UUID> recipients) {
        return new Stored(row.getLong(0), List.copyOf(recipients), row.getLong(1));
    }

    private static Uni<PositionTaken> atPosition(SqlConnection connection, NewGroupMessage message) {
        return connection.preparedQuery(AT_POSITION)
                .execute(Tuple.of(message.groupId(), message.senderId(), message.deviceId(), message.seq()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new PositionTaken(row.getUUID(0), row.getInteger(1),
                            row.getOffsetDateTime(2).toInstant(), row.getString(3));
                });
    }

    private static Set<UUID> userIds(RowSet<Row> rows) {
        Set<UUID> ids = new HashSet<>();
        for (Row row : rows) {
            ids.add(row.getUUID(0));
        }
        return ids;
    }
}

package dev.parley.chat.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The members' watermarks in a group (group_member, in their current period): how far each one's client confirmed it
 * has the messages, and how far each one has read. Each change is one statement on the reactive client that checks,
 * moves the watermark forward (never back) and says whom to tell.
 */
@ApplicationScoped
public class GroupReceiptStore {

    /**
     * How far another member got, as a member may see it: {@code deliveredUpTo} null before their client confirmed
     * anything; {@code readUpTo} and {@code readAt} null unless both have read receipts on and they read something.
     */
    public record Receipt(UUID userId, UUID deliveredUpTo, UUID readUpTo, Instant readAt) {
    }

    /**
     * What moving a watermark found: whether the user is a member now, whether the message is in the group, and whom
     * to tell (the senders of the messages a confirmation newly covers; the members with read receipts on who may
     * hear of a read).
     */
    public record Moved(boolean member, boolean messageFound, List<UUID> told) {
    }

    /** Whether a user has read receipts on (no settings row: the default, on). */
    private static final String READ_RECEIPTS_ON =
            "coalesce((SELECT s.read_receipts FROM chat_settings s WHERE s.user_id = $2), true)";

    private static final String RECEIPTS = """
            SELECT p.user_id, d.public_id,
                CASE WHEN coalesce(s.read_receipts, true) AND %s THEN r.public_id END,
                CASE WHEN coalesce(s.read_receipts, true) AND %s AND r.id IS NOT NULL THEN p.read_receipt_at END
            FROM group_member p
            LEFT JOIN group_message d ON d.id = p.delivered_up_to
            LEFT JOIN group_message r ON r.id = p.read_receipt_up_to
            LEFT JOIN chat_settings s ON s.user_id = p.user_id
            WHERE p.group_id = $1 AND p.left_epoch IS NULL AND p.user_id <> $2
            ORDER BY p.joined_epoch, p.id""".formatted(READ_RECEIPTS_ON, READ_RECEIPTS_ON);

    /**
     * Moves the member's delivered watermark to the message (never back) and names the senders of the messages it
     * newly covers, among those of the member's current period (the epochs they hold wraps for).
     */
    private static final String CONFIRM_DELIVERED = """
            WITH target AS (
                SELECT id FROM group_message WHERE group_id = $1 AND public_id = $3
            ), member AS (
                SELECT id, joined_epoch, delivered_up_to FROM group_member
                WHERE group_id = $1 AND user_id = $2 AND left_epoch IS NULL
            ), moved AS (
                UPDATE group_member p SET delivered_up_to = t.id FROM member m, target t
                WHERE p.id = m.id AND p.delivered_up_to < t.id
                RETURNING m.delivered_up_to AS before, t.id AS after, m.joined_epoch
            )
            SELECT EXISTS (SELECT 1 FROM member), EXISTS (SELECT 1 FROM target),
                ARRAY(SELECT DISTINCT g.sender_id FROM group_message g, moved v
                    WHERE g.group_id = $1 AND g.id > v.before AND g.id <= v.after AND g.epoch >= v.joined_epoch
                    AND g.sender_id <> $2)""";

    /**
     * Moves the member's read marker to the message (never back), and the marker others may be told of with it while
     * the member has read receipts on; names the other members with read receipts on to tell, if it was reported.
     */
    private static final String MARK_READ = """
            WITH target AS (
                SELECT id FROM group_message WHERE group_id = $1 AND public_id = $3
            ), me AS (
                SELECT %s AS receipts
            ), moved AS (
                UPDATE group_member p SET read_up_to = t.id,
                    read_receipt_up_to = CASE WHEN me.receipts THEN t.id ELSE p.read_receipt_up_to END,
                    read_receipt_at = CASE WHEN me.receipts THEN $4 ELSE p.read_receipt_at END
                FROM target t, me
                WHERE p.group_id = $1 AND p.user_id = $2 AND p.left_epoch IS NULL AND p.read_up_to < t.id
                RETURNING me.receipts
            )
            SELECT EXISTS (SELECT 1 FROM group_member WHERE group_id = $1 AND user_id = $2 AND left_epoch IS NULL),
                EXISTS (SELECT 1 FROM target),
                ARRAY(SELECT p.user_id FROM group_member p LEFT JOIN chat_settings s ON s.user_id = p.user_id
                    WHERE EXISTS (SELECT 1 FROM moved WHERE receipts) AND p.group_id = $1 AND p.left_epoch IS NULL
                    AND p.user_id <> $2 AND coalesce(s.read_receipts, true))""".formatted(READ_RECEIPTS_ON);

    private final Pool pool;

    GroupReceiptStore(Pool pool) {
        this.pool = pool;
    }

    /** Every other current member's receipts as {@code userId} may see them, in the order they joined. */
    public Uni<List<Receipt>> receipts(UUID groupId, UUID userId) {
        return pool.preparedQuery(RECEIPTS).execute(Tuple.of(groupId, userId)).map(rows -> {
            List<Receipt> receipts = new ArrayList<>(rows.size());
            for (Row row : rows) {
                receipts.add(new Receipt(row.getUUID(0), row.getUUID(1), row.getUUID(2),
                        row.getOffsetDateTime(3) == null ? null : row.getOffsetDateTime(3).toInstant()));
            }
            return receipts;
        });
    }

    /** {@code userId}'s client has the group's messages up to {@code upTo} (a public id); see CONFIRM_DELIVERED. */
    public Uni<Moved> confirmDelivered(UUID groupId, UUID userId, UUID upTo) {
        return pool.preparedQuery(CONFIRM_DELIVERED).execute(Tuple.of(groupId, userId, upTo))
                .map(rows -> moved(rows.iterator().next()));
    }

    /** {@code userId} has read the group up to {@code upTo} (a public id) {@code now}; see MARK_READ. */
    public Uni<Moved> markRead(UUID groupId, UUID userId, UUID upTo, Instant now) {
        return pool.preparedQuery(MARK_READ).execute(Tuple.of(groupId, userId, upTo, MessageStore.utc(now)))
                .map(rows -> moved(rows.iterator().next()));
    }

    private static Moved moved(Row row) {
        return new Moved(row.getBoolean(0), row.getBoolean(1), List.of(row.getArrayOfUUIDs(2)));
    }
}

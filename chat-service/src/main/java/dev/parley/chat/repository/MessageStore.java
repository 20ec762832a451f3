package dev.parley.chat.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message path's SQL, on the reactive PostgreSQL client with prepared statements instead of Hibernate: every
 * send and delivery confirmation passes here, so each is one statement, in its own implicit transaction, that checks,
 * writes and answers in one round trip.
 */
@ApplicationScoped
public class MessageStore {

    /** A checked envelope to store at its sender's chain position. */
    public record NewMessage(UUID publicId, UUID conversationId, UUID senderId, String deviceId, long seq,
            String envelope) {
    }

    /**
     * What became of one send of a batch: not a member ({@code friendId} null), no longer friends, stored (with its
     * internal id), or neither, when its chain position was taken before.
     */
    public record Outcome(UUID friendId, boolean friends, Long id) {

        public boolean member() {
            return friendId != null;
        }

        public boolean stored() {
            return id != null;
        }
    }

    /** Each send's outcome in the order given, and the delivery_pending row of what was stored (null if nothing). */
    public record Batch(List<Outcome> outcomes, Long pendingId) {
    }

    /** A delivery confirmation: the other member (null when not a member), the message (null when unknown), marks. */
    public record Confirmation(UUID friendId, Long upTo, long marked) {
    }

    /**
     * Checks membership and friendship, inserts what may be stored (a taken chain position is left alone), records the
     * inserted ids as pending delivery, and deletes the pending rows whose delivery was confirmed since: one statement.
     * The pair is ordered as Java orders UUIDs (see FriendshipRepository), so both orders are looked up.
     */
    private static final String STORE_BATCH = """
            WITH input AS (
                SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::text[])
                    AS i(ord, public_id, conversation_id, sender_id, device_id, seq, envelope)
            ), allowed AS (
                SELECT i.*, m.friend_id, coalesce(f1.friends, f2.friends, false) AS friends
                FROM input i
                JOIN conversation_member m ON m.user_id = i.sender_id AND m.conversation_id = i.conversation_id
                LEFT JOIN friendship f1 ON f1.user_a = m.user_id AND f1.user_b = m.friend_id
                LEFT JOIN friendship f2 ON f2.user_a = m.friend_id AND f2.user_b = m.user_id
            ), inserted AS (
                INSERT INTO message (public_id, conversation_id, sender_id, device_id, seq, envelope, stored_at)
                SELECT public_id, conversation_id, sender_id, device_id, seq, envelope, $8 FROM allowed
                WHERE friends ORDER BY ord
                ON CONFLICT (conversation_id, sender_id, device_id, seq) DO NOTHING
                RETURNING id, public_id
            ), pending AS (
                INSERT INTO delivery_pending (message_ids) SELECT array_agg(id) FROM inserted HAVING count(*) > 0
                RETURNING id
            ), confirmed AS (
                DELETE FROM delivery_pending WHERE id = ANY($9::bigint[])
            )
            SELECT a.friend_id, coalesce(a.friends, false) AS friends, s.id, (SELECT id FROM pending) AS pending_id
            FROM input i
            LEFT JOIN allowed a ON a.ord = i.ord
            LEFT JOIN inserted s ON s.public_id = i.public_id
            ORDER BY i.ord""";

    private static final String CONFIRM_DELIVERED = """
            WITH member AS (
                SELECT friend_id FROM conversation_member WHERE user_id = $1 AND conversation_id = $2
            ), up_to AS (
                SELECT id FROM message WHERE conversation_id = $2 AND public_id = $3
            ), marked AS (
                UPDATE message SET delivered_at = $4
                WHERE conversation_id = $2 AND sender_id = (SELECT friend_id FROM member)
                    AND id <= (SELECT id FROM up_to) AND delivered_at IS NULL
                RETURNING 1
            )
            SELECT (SELECT friend_id FROM member), (SELECT id FROM up_to), (SELECT count(*) FROM marked)""";

    private static final String DELETE_PENDING = "DELETE FROM delivery_pending WHERE id = ANY($1::bigint[])";

    private final Pool pool;

    MessageStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores a batch of sends; see {@link #STORE_BATCH}. */
    public Uni<Batch> store(List<NewMessage> messages, Instant storedAt, List<Long> deliveredPending) {
        int size = messages.size();
        Integer[] ords = new Integer[size];
        UUID[] publicIds = new UUID[size];
        UUID[] conversations = new UUID[size];
        UUID[] senders = new UUID[size];
        String[] devices = new String[size];
        Long[] seqs = new Long[size];
        String[] envelopes = new String[size];
        for (int i = 0; i < size; i++) {
            NewMessage message = messages.get(i);
            ords[i] = i;
            publicIds[i] = message.publicId();
            conversations[i] = message.conversationId();
            senders[i] = message.senderId();
            devices[i] = message.deviceId();
            seqs[i] = message.seq();
            envelopes[i] = message.envelope();
        }
        Tuple parameters = Tuple.tuple(List.of(ords, publicIds, conversations, senders, devices, seqs, envelopes,
                utc(storedAt), deliveredPending.toArray(Long[]::new)));
        return pool.preparedQuery(STORE_BATCH).execute(parameters).map(rows -> {
            List<Outcome> outcomes = new ArrayList<>(size);
            Long pendingId = null;
            for (Row row : rows) {
                outcomes.add(new Outcome(row.getUUID(0), row.getBoolean(1), row.getLong(2)));
                pendingId = row.getLong(3);
            }
            return new Batch(outcomes, pendingId);
        });
    }

    /** Marks the other member's messages up to {@code upTo} delivered, in one statement. */
    public Uni<Confirmation> confirmDelivered(UUID recipientId, UUID conversationId, UUID upTo, Instant now) {
        return pool.preparedQuery(CONFIRM_DELIVERED).execute(Tuple.of(recipientId, conversationId, upTo, utc(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Confirmation(row.getUUID(0), row.getLong(1), row.getLong(2));
                });
    }

    /** Deletes pending-delivery rows whose records Kafka acknowledged (when no batch came to take them along). */
    public Uni<Void> deletePending(List<Long> ids) {
        return pool.preparedQuery(DELETE_PENDING).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

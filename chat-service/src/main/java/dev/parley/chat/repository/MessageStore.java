package dev.parley.chat.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The message path's SQL, on the reactive PostgreSQL client with prepared statements instead of Hibernate: every
 * send and delivery report passes here, in batches, so each batch is one statement, in its own implicit transaction,
 * that checks, writes and answers in one round trip.
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

    /**
     * Each send's outcome in the order given, the delivery_pending row of what was stored (null if nothing), and the
     * slots holding sockets of the recipients: read after the commit, they come a statement later than the rest.
     */
    public record Batch(List<Outcome> outcomes, Long pendingId, Uni<Map<UUID, Set<Integer>>> recipientSlots) {
    }

    /** A member's client has the conversation's messages up to {@code upTo} (a public message id). */
    public record DeliveryReport(UUID recipientId, UUID conversationId, UUID upTo) {
    }

    /** What a report did: the other member (null when not a member), the message (null when unknown), marks. */
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

    /**
     * Marks, for each report, the other member's messages up to the report's message delivered: those after the
     * newest one already delivered (found from the report's message backwards, through the sender's index, so it
     * reads only what is still undelivered), and answers one row per report, in order. Two reports of one member in
     * a batch each mark what they cover.
     */
    private static final String CONFIRM_DELIVERED = """
            WITH input AS (
                SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::uuid[])
                    AS i(ord, user_id, conversation_id, up_to)
            ), report AS (
                SELECT i.ord, i.conversation_id, m.friend_id, u.id AS up_to_id, coalesce(d.id, 0) AS delivered_up_to
                FROM input i
                LEFT JOIN conversation_member m ON m.user_id = i.user_id AND m.conversation_id = i.conversation_id
                LEFT JOIN message u ON u.conversation_id = i.conversation_id AND u.public_id = i.up_to
                LEFT JOIN LATERAL (SELECT id FROM message d
                    WHERE d.conversation_id = i.conversation_id AND d.sender_id = m.friend_id AND d.id <= u.id
                        AND d.delivered_at IS NOT NULL
                    ORDER BY d.id DESC LIMIT 1) d ON true
            ), marked AS (
                UPDATE message msg SET delivered_at = $5 FROM report r
                WHERE msg.conversation_id = r.conversation_id AND msg.sender_id = r.friend_id
                    AND msg.id > r.delivered_up_to AND msg.id <= r.up_to_id AND msg.delivered_at IS NULL
                RETURNING r.ord
            )
            SELECT r.friend_id, r.up_to_id, (SELECT count(*) FROM marked k WHERE k.ord = r.ord)
            FROM report r ORDER BY r.ord""";

    /**
     * Where the recipients of a batch's sends have sockets: the other member of each conversation, joined with the
     * socket routes. Sent right behind {@link #STORE_BATCH} on the same connection, so it runs after that commit.
     */
    private static final String RECIPIENT_SLOTS = """
            SELECT m.friend_id, r.slot
            FROM unnest($1::uuid[], $2::uuid[]) AS i(sender_id, conversation_id)
            JOIN conversation_member m ON m.user_id = i.sender_id AND m.conversation_id = i.conversation_id
            JOIN socket_route r ON r.user_id = m.friend_id""";

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
        // Pipelined: both statements go out at once, and the second (its own implicit transaction) starts only once
        // the first committed, so it sees every socket that said ready before these messages were in history. The
        // batch is answered as soon as the first is, so that frames to this instance's sockets need not wait for the
        // second; the connection goes back to the pool once both answered.
        return Uni.createFrom().emitter(committed -> pool.getDelegate().withConnection(connection -> {
            var stored = connection.preparedQuery(STORE_BATCH).execute(parameters.getDelegate());
            Future<Map<UUID, Set<Integer>>> slots = connection.preparedQuery(RECIPIENT_SLOTS)
                    .execute(Tuple.of(senders, conversations).getDelegate())
                    .map(DeliveryRepository::slotsByUser);
            stored.onComplete(result -> {
                if (result.failed()) {
                    committed.fail(result.cause());
                    return;
                }
                List<Outcome> outcomes = new ArrayList<>(size);
                Long pendingId = null;
                for (io.vertx.sqlclient.Row row : result.result()) {
                    outcomes.add(new Outcome(row.getUUID(0), row.getBoolean(1), row.getLong(2)));
                    pendingId = row.getLong(3);
                }
                committed.complete(new Batch(outcomes, pendingId, UniHelper.toUni(slots)));
            });
            return Future.join(stored, slots);
        }).onFailure(committed::fail)); // no connection, or a failure before the first answer (ignored after it)
    }

    /** Applies delivery reports, in one statement; a confirmation per report, in order. */
    public Uni<List<Confirmation>> confirmDelivered(List<DeliveryReport> reports, Instant now) {
        int size = reports.size();
        Integer[] ords = new Integer[size];
        UUID[] users = new UUID[size];
        UUID[] conversations = new UUID[size];
        UUID[] upTos = new UUID[size];
        for (int i = 0; i < size; i++) {
            DeliveryReport report = reports.get(i);
            ords[i] = i;
            users[i] = report.recipientId();
            conversations[i] = report.conversationId();
            upTos[i] = report.upTo();
        }
        return pool.preparedQuery(CONFIRM_DELIVERED).execute(Tuple.of(ords, users, conversations, upTos, utc(now)))
                .map(rows -> {
                    List<Confirmation> confirmations = new ArrayList<>(size);
                    for (Row row : rows) {
                        confirmations.add(new Confirmation(row.getUUID(0), row.getLong(1), row.getLong(2)));
                    }
                    return confirmations;
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

package dev.parley.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatApiException;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.crypto.MessageHeader;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.loadgen.PairClients.Side;
import dev.parley.loadgen.SendLedger.Outcome;
import dev.parley.loadgen.SendLedger.Position;

/**
 * After a run: is every acknowledged message stored exactly once? Reads each conversation's history from where the
 * run began, through the API as one of its senders (GET /api/chat/conversations/{id}/messages, page by page), and
 * compares it with the {@link SendLedger}: every acknowledged message id is there once, at the chain position it
 * was sent at; no (sender, device, seq) is stored twice; nothing is there that the run did not send.
 */
final class HistoryCheck {

    /** What the histories held, against what was sent. */
    record Result(int conversations, long read, long acked, long stored, long storedWithoutAck, long ackedMissing,
            long ackedAtOtherPosition, long idsAckedTwice, long duplicateIds, long duplicatePositions,
            long unexpected) {

        /** Every acked message stored once, nothing twice, nothing foreign. */
        boolean exactlyOnce() {
            return ackedMissing == 0 && ackedAtOtherPosition == 0 && idsAckedTwice == 0 && duplicateIds == 0
                    && duplicatePositions == 0 && unexpected == 0 && stored == acked + storedWithoutAck;
        }
    }

    private static final int PAGE = 200;
    private static final Duration RATE_LIMITED_PAUSE = Duration.ofSeconds(2);
    private static final int RATE_LIMITED_RETRIES = 120;

    private final SendLedger ledger;

    HistoryCheck(SendLedger ledger) {
        this.ledger = ledger;
    }

    /** Checks the conversations of these sides (both sides of a pair share one). */
    Result check(List<Side> sides) {
        Map<UUID, Side> readers = new LinkedHashMap<>();
        sides.forEach(side -> readers.putIfAbsent(side.conversation().id(), side));
        System.out.printf("Reading the history of %d conversations...%n", readers.size());
        Counts counts = new Counts();
        readers.forEach((conversationId, reader) -> check(conversationId,
                history(reader.client().api(), conversationId, reader.newestBefore()), counts));
        return new Result(readers.size(), counts.read, counts.acked, counts.stored, counts.storedWithoutAck,
                counts.ackedMissing, counts.ackedAtOtherPosition, counts.idsAckedTwice, counts.duplicateIds,
                counts.duplicatePositions, counts.unexpected);
    }

    private static final class Counts {
        long read;
        long acked;
        long stored;
        long storedWithoutAck;
        long ackedMissing;
        long ackedAtOtherPosition;
        long idsAckedTwice;
        long duplicateIds;
        long duplicatePositions;
        long unexpected;
    }

    private void check(UUID conversationId, List<StoredMessage> history, Counts counts) {
        Map<Position, Outcome> sends = ledger.sendsIn(conversationId);
        Map<UUID, Integer> timesStored = new HashMap<>();
        Set<Position> positions = new HashSet<>();
        counts.read += history.size();
        for (StoredMessage message : history) {
            if (timesStored.merge(message.id(), 1, Integer::sum) == 2) {
                counts.duplicateIds++;
            }
            Position position = position(conversationId, message);
            if (position == null) {
                counts.unexpected++;
                continue;
            }
            if (!positions.add(position)) {
                counts.duplicatePositions++;
            }
            Outcome outcome = sends.get(position);
            if (outcome == null) {
                counts.unexpected++;
            } else {
                counts.stored++;
                if (!outcome.acked()) {
                    counts.storedWithoutAck++;
                } else if (!outcome.messageId().equals(message.id())) {
                    counts.ackedAtOtherPosition++;
                }
            }
        }
        Set<UUID> ackedIds = new HashSet<>();
        for (Outcome outcome : sends.values()) {
            if (!outcome.acked()) {
                continue;
            }
            counts.acked++;
            if (!ackedIds.add(outcome.messageId())) {
                counts.idsAckedTwice++;
            }
            if (!timesStored.containsKey(outcome.messageId())) {
                counts.ackedMissing++;
            }
        }
    }

    /** Where the stored message says it sits; null when its envelope or sender does not fit the conversation. */
    private static Position position(UUID conversationId, StoredMessage message) {
        try {
            MessageHeader header = MessageEnvelope.fromJson(message.envelope()).header();
            if (!header.conversationId().equals(conversationId.toString())
                    || !header.senderUserId().equals(message.senderId().toString())) {
                return null;
            }
            return new Position(conversationId, message.senderId(), header.deviceId(), header.seq());
        } catch (ProtocolFormatException e) {
            return null;
        }
    }

    /** Every message after {@code newestBefore} (the whole history when null), as the API pages it. */
    private static List<StoredMessage> history(ChatApi api, UUID conversationId, UUID newestBefore) {
        List<StoredMessage> messages = new ArrayList<>();
        HistoryPage page;
        if (newestBefore == null) {
            page = patiently(() -> api.newest(conversationId, PAGE));
            messages.addAll(page.messages());
            while (page.hasMore() && !page.messages().isEmpty()) {
                UUID oldest = page.messages().get(0).id();
                page = patiently(() -> api.before(conversationId, oldest, PAGE));
                messages.addAll(page.messages());
            }
        } else {
            UUID newest = newestBefore;
            do {
                UUID after = newest;
                page = patiently(() -> api.after(conversationId, after, PAGE));
                messages.addAll(page.messages());
                if (!page.messages().isEmpty()) {
                    newest = page.messages().get(page.messages().size() - 1).id();
                }
            } while (page.hasMore() && !page.messages().isEmpty());
        }
        return messages;
    }

    /** The gateway limits API requests per address: wait and ask again when it says so. */
    private static HistoryPage patiently(Supplier<HistoryPage> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (ChatApiException e) {
                if (e.status() != 429 || attempt == RATE_LIMITED_RETRIES) {
                    throw e;
                }
                Pairs.sleep(RATE_LIMITED_PAUSE);
            }
        }
    }
}

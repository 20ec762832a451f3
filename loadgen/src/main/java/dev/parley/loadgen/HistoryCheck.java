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
import dev.parley.client.api.ChatModels.GroupHistoryPage;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredGroupMessage;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.api.GroupApi;
import dev.parley.client.crypto.GroupMessageEnvelope;
import dev.parley.client.crypto.MessageHeader;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.client.crypto.ProtocolFormatException;
import dev.parley.loadgen.PairClients.Side;
import dev.parley.loadgen.SendLedger.Outcome;
import dev.parley.loadgen.SendLedger.Position;

/**
 * After a run: is every acknowledged message stored exactly once? Reads each conversation's history from where the
 * run began (GET /api/chat/conversations/{id}/messages), or each group's whole history (GET
 * /api/chat/groups/{id}/messages: a run's groups are new), through the API as one of its senders, page by page, and
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

        /**
         * One line: the counts, and "exactly once" or what broke it.
         *
         * @param read what was read back: "conversations" or "groups"
         */
        String verdict(String read) {
            String counts = String.format("%d %s read back, %d messages since the run began: %d stored of "
                    + "this run's sends, %d acked", conversations, read, this.read, stored, acked);
            if (exactlyOnce()) {
                String unacked = storedWithoutAck == 0 ? ""
                        : String.format(" (and %d stored whose ack never came)", storedWithoutAck);
                return "exactly once: " + counts + "; every acked message stored once at its chain position" + unacked;
            }
            List<String> problems = new ArrayList<>();
            problem(problems, ackedMissing, "acked but not stored");
            problem(problems, ackedAtOtherPosition, "acked id stored at another chain position");
            problem(problems, idsAckedTwice, "message ids acked for two sends");
            problem(problems, duplicateIds, "message ids stored twice");
            problem(problems, duplicatePositions, "(sender, device, seq) stored twice");
            problem(problems, unexpected, "stored but not sent by this run");
            if (stored != acked + storedWithoutAck) {
                problems.add(String.format("stored %d != acked %d + stored without ack %d", stored, acked,
                        storedWithoutAck));
            }
            return "NOT exactly once: " + counts + "; " + String.join(", ", problems);
        }

        private static void problem(List<String> problems, long count, String what) {
            if (count > 0) {
                problems.add(count + " " + what);
            }
        }
    }

    /** A stored message as the check sees it: its id, and where it says it sits (null when that does not fit). */
    private record Stored(UUID id, Position position) {
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
                history(reader.client().api(), conversationId, reader.newestBefore()).stream()
                        .map(message -> new Stored(message.id(), position(conversationId, message))).toList(),
                counts));
        return counts.result(readers.size());
    }

    /** Checks the groups of these members, each group's history read whole by its first member met here. */
    Result checkGroups(List<GroupClients.Member> members) {
        Map<UUID, GroupClients.Member> readers = new LinkedHashMap<>();
        members.forEach(member -> readers.putIfAbsent(member.group().id(), member));
        System.out.printf("Reading the history of %d groups...%n", readers.size());
        Counts counts = new Counts();
        readers.forEach((groupId, reader) -> check(groupId,
                groupHistory(reader.client().api().groups(), groupId).stream()
                        .map(message -> new Stored(message.id(), position(groupId, message))).toList(),
                counts));
        return counts.result(readers.size());
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

        Result result(int read) {
            return new Result(read, this.read, acked, stored, storedWithoutAck, ackedMissing, ackedAtOtherPosition,
                    idsAckedTwice, duplicateIds, duplicatePositions, unexpected);
        }
    }

    /** @param chainsId the conversation's or the group's id, which the ledger files the sends under */
    private void check(UUID chainsId, List<Stored> history, Counts counts) {
        Map<Position, Outcome> sends = ledger.sendsIn(chainsId);
        Map<UUID, Integer> timesStored = new HashMap<>();
        Set<Position> positions = new HashSet<>();
        counts.read += history.size();
        for (Stored message : history) {
            if (timesStored.merge(message.id(), 1, Integer::sum) == 2) {
                counts.duplicateIds++;
            }
            Position position = message.position();
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

    /** Where the stored group message says it sits; null when its envelope or sender does not fit the group. */
    private static Position position(UUID groupId, StoredGroupMessage message) {
        try {
            MessageHeader header = GroupMessageEnvelope.fromJson(message.envelope()).header();
            if (!header.conversationId().equals(groupId.toString())
                    || !header.senderUserId().equals(message.senderId().toString())) {
                return null;
            }
            return new Position(groupId, message.senderId(), header.deviceId(), header.seq());
        } catch (ProtocolFormatException e) {
            return null;
        }
    }

    /** A group's whole history, paging back from the newest page. */
    private static List<StoredGroupMessage> groupHistory(GroupApi api, UUID groupId) {
        List<StoredGroupMessage> messages = new ArrayList<>();
        GroupHistoryPage page = patiently(() -> api.newest(groupId, PAGE));
        messages.addAll(page.messages());
        while (page.hasMore() && !page.messages().isEmpty()) {
            UUID oldest = page.messages().get(0).id();
            page = patiently(() -> api.before(groupId, oldest, PAGE));
            messages.addAll(page.messages());
        }
        return messages;
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
    private static <P> P patiently(Supplier<P> request) {
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

package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.awaitility.core.ConditionTimeoutException;

import dev.parley.chat.People.Person;
import dev.parley.client.api.ChatApi;
import dev.parley.client.api.ChatModels.HistoryPage;
import dev.parley.client.api.ChatModels.StoredMessage;
import dev.parley.client.chat.ChatClient;
import dev.parley.client.chat.ChatError;
import dev.parley.client.chat.ChatListener;
import dev.parley.client.chat.Conversation;
import dev.parley.client.chat.ReceivedMessage;
import dev.parley.client.chat.SendReceipt;
import dev.parley.client.crypto.DeviceId;
import dev.parley.client.crypto.MessageHeader;
import dev.parley.client.crypto.MessageEnvelope;
import dev.parley.contracts.DeliveryRecords;
import dev.parley.contracts.Topics;
import dev.parley.testing.KafkaTopics;

/**
 * Friends in pairs chatting without pause, for fault tests. Each person is one device: a {@link ChatClient} given
 * every chat-service address (its own first), so that it moves to another instance when its own cannot be reached.
 * Every {@code interval} each of them sends the friend the next numbered message without waiting for the answer, as a
 * user keeps typing while the client resends in the background. {@link #check()} then compares what each side was
 * acknowledged, what the friend's client showed and what history holds.
 */
final class Traffic implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration FRIENDSHIP_KNOWN = Duration.ofSeconds(60);
    private static final long START = System.nanoTime();

    /** Where the two people of a pair connect first, as indexes into the servers. */
    record Pair(int first, int second) {
    }

    /** What a run amounted to, over all sides. */
    record Report(int sent, int acknowledged, int acknowledgedAsDuplicates, int delivered, int deliveredLive,
            int deliveredFromHistory, int historyMessages, Duration longestSendToDelivery) {

        @Override
        public String toString() {
            return String.format("sent %d, acknowledged %d (%d answered as already stored), delivered %d (%d live,"
                    + " %d by catch-up), in history %d, longest send-to-delivery %d ms", sent, acknowledged,
                    acknowledgedAsDuplicates, delivered, deliveredLive, deliveredFromHistory, historyMessages,
                    longestSendToDelivery.toMillis());
        }
    }

    /** One message a side sent: its text, when, and the server's answer. */
    static final class Sent {
        final String text;
        final long sentAt = System.nanoTime();
        final CompletableFuture<SendReceipt> receipt;
        volatile long acknowledgedAt;

        Sent(String text, CompletableFuture<SendReceipt> receipt) {
            this.text = text;
            this.receipt = receipt;
            receipt.thenRun(() -> acknowledgedAt = System.nanoTime());
        }

        boolean acknowledged() {
            return receipt.isDone() && !receipt.isCompletedExceptionally();
        }

        @Override
        public String toString() {
            return text + (!receipt.isDone() ? " (unanswered)" : receipt.handle((stored, failure) -> failure == null
                    ? " (stored as " + stored.messageId() + ")" : " (refused: " + failure.getMessage() + ")").join());
        }
    }

    /** A message the client handed its listener, and when. */
    record Received(ReceivedMessage message, long at) {
    }

    /** One person's device, and everything its client told it. */
    static final class Side implements ChatListener {
        final Person person;
        final int home;
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        final List<Received> received = new CopyOnWriteArrayList<>();
        final List<Long> readyAt = new CopyOnWriteArrayList<>();
        final List<ChatError> errors = new CopyOnWriteArrayList<>();
        /** Why the socket closed, each time, for failure messages. */
        final List<String> disconnects = new CopyOnWriteArrayList<>();
        Side friend;
        ChatClient client;
        Conversation conversation;

        Side(Person person, int home) {
            this.person = person;
            this.home = home;
        }

        @Override
        public void onReady() {
            readyAt.add(System.nanoTime());
        }

        @Override
        public void onMessage(ReceivedMessage message) {
            received.add(new Received(message, System.nanoTime()));
        }

        @Override
        public void onError(ChatError error) {
            errors.add(error);
        }

        @Override
        public void onDisconnected(int code, String reason, boolean reconnecting) {
            disconnects.add(String.format("+%d ms: %d %s", (System.nanoTime() - START) / 1_000_000, code, reason));
        }

        List<Sent> acknowledged() {
            return sent.stream().filter(Sent::acknowledged).toList();
        }

        /** When the client was next ready after {@code since} (nanoTime), or -1. */
        long readyAfter(long since) {
            return readyAt.stream().filter(at -> at > since).findFirst().orElse(-1L);
        }

        private void sendNext() {
            String text = person.username() + " #" + (sent.size() + 1);
            sent.add(new Sent(text, conversation.send(text)));
        }
    }

    private final List<Side> sides;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "traffic-sender");
        thread.setDaemon(true);
        return thread;
    });

    private Traffic(List<Side> sides) {
        this.sides = sides;
    }

    /**
     * Announces the pairs' people and friendships through {@code people}, connects everyone (each to their pair's
     * server first) and starts sending.
     */
    static Traffic start(People people, List<URI> servers, List<Pair> pairs, Duration interval) {
        List<Side> sides = new ArrayList<>();
        Map<Side, UUID> conversations = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            Side first = new Side(people.person("a" + i + "-"), pairs.get(i).first());
            Side second = new Side(people.person("b" + i + "-"), pairs.get(i).second());
            first.friend = second;
            second.friend = first;
            people.friends(first.person, second.person);
            sides.add(first);
            sides.add(second);
        }
        for (int i = 0; i < sides.size(); i += 2) {
            Side first = sides.get(i);
            Side second = sides.get(i + 1);
            UUID id = openConversation(servers.get(first.home), first.person, second.person);
            // Opened from the other side too, which waits until chat-service knows the first person as well: only
            // the friend's arrival was awaited so far, and without the first person the second's conversation would
            // have no friend to derive its key from (a busy machine showed it).
            UUID seenBySecond = openConversation(servers.get(second.home), second.person, first.person);
            if (!id.equals(seenBySecond)) {
                throw new IllegalStateException("The pair has two conversations: " + id + " and " + seenBySecond);
            }
            conversations.put(first, id);
            conversations.put(second, id);
        }
        List<CompletableFuture<Void>> connected = new ArrayList<>();
        for (Side side : sides) {
            side.client = ChatClient.builder().servers(startingAt(servers, side.home)).httpClient(HTTP)
                    .user(side.person.id(), side.person.identity()).deviceId(DeviceId.random())
                    .accessToken(side.person::token).listener(side).build();
            side.conversation = side.client.join(side.client.api().conversation(conversations.get(side)));
            connected.add(side.client.connect());
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).join();
        Traffic traffic = new Traffic(sides);
        traffic.sender.scheduleAtFixedRate(() -> sides.forEach(Side::sendNext), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return traffic;
    }

    List<Side> sides() {
        return sides;
    }

    /** The people whose own server is {@code server} (an index into the servers). */
    List<Side> at(int server) {
        return sides.stream().filter(side -> side.home == server).toList();
    }

    int acknowledgedSoFar() {
        return sides.stream().mapToInt(side -> side.acknowledged().size()).sum();
    }

    void stopSending() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The sender did not stop");
        }
    }

    /**
     * Waits, up to {@code within}, until every send was answered and every friend's client shows every acknowledged
     * message; {@link #check()} then says what is missing, if anything.
     */
    void awaitSettled(Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> sides.stream()
                    .allMatch(side -> side.sent.stream().allMatch(sent -> sent.receipt.isDone())
                            && side.friend.received.size() >= side.acknowledged().size()));
        } catch (ConditionTimeoutException e) {
            // check() names what did not arrive
        }
    }

    /**
     * Checks everything a user relies on: every send was acknowledged; every acknowledged message is in history once
     * (by server id and by chain position) in chain order; the friend's client showed each exactly once, in the order
     * it was sent, and verified intact.
     */
    Report check() {
        int sent = 0;
        int acknowledged = 0;
        int duplicates = 0;
        int live = 0;
        int fromHistory = 0;
        int inHistory = 0;
        long longest = 0;
        for (Side side : sides) {
            String who = side.person.username();
            assertThat(side.sent).as("%s's sends acknowledged (connected: %s, to %s; disconnects: %s)", who,
                    side.client.isConnected(), side.client.server(), side.disconnects).allMatch(Sent::acknowledged);
            List<UUID> ids = side.sent.stream().map(s -> s.receipt.join().messageId()).toList();
            assertThat(ids).as("%s's acknowledged message ids", who).doesNotHaveDuplicates();

            Side recipient = side.friend;
            String whose = recipient.person.username() + "'s client";
            List<UUID> shown = recipient.received.stream().map(r -> r.message().messageId()).toList();
            assertThat(shown).as("%s: %s's messages, each once and in order", whose, who)
                    .containsExactlyElementsOf(ids);
            assertThat(recipient.received).as("%s: verified intact", whose)
                    .allMatch(r -> r.message().verification().isIntact());
            assertThat(recipient.received.stream().map(r -> r.message().verification().message().orElseThrow().body()
                    .text()).toList()).as("%s: the texts in the order %s wrote them", whose, who)
                    .containsExactlyElementsOf(side.sent.stream().map(s -> s.text).toList());
            assertThat(recipient.errors).as("%s: errors (a failed catch-up among them)", whose).isEmpty();

            sent += side.sent.size();
            acknowledged += side.acknowledged().size();
            duplicates += (int) side.sent.stream().filter(s -> s.receipt.join().duplicate()).count();
            live += (int) recipient.received.stream().filter(r -> r.message().live()).count();
            fromHistory += (int) recipient.received.stream().filter(r -> !r.message().live()).count();
            for (int i = 0; i < side.sent.size(); i++) {
                longest = Math.max(longest, recipient.received.get(i).at() - side.sent.get(i).sentAt);
            }
        }
        for (int i = 0; i < sides.size(); i += 2) {
            inHistory += checkHistory(sides.get(i), sides.get(i + 1));
        }
        return new Report(sent, acknowledged, duplicates, live + fromHistory, live, fromHistory, inHistory,
                Duration.ofNanos(longest));
    }

    /**
     * When (nanoTime) the last of the messages sent before {@code before} reached the friend's client; only
     * meaningful once {@link #check()} passed, which pairs the n-th message shown with the n-th sent.
     */
    long lastDeliveryOfSentBefore(long before) {
        long last = 0;
        for (Side side : sides) {
            for (int i = 0; i < side.sent.size() && side.sent.get(i).sentAt < before; i++) {
                last = Math.max(last, side.friend.received.get(i).at());
            }
        }
        return last;
    }

    /** When (nanoTime) the first message reached a friend's client after {@code after}, or -1. */
    long firstDeliveryAfter(long after) {
        return sides.stream().flatMap(side -> side.received.stream()).mapToLong(Received::at)
                .filter(at -> at > after).min().orElse(-1);
    }

    /** How many messages were acknowledged between two moments (nanoTime). */
    int acknowledgedBetween(long from, long to) {
        return (int) sides.stream().flatMap(side -> side.sent.stream())
                .filter(sent -> sent.acknowledgedAt >= from && sent.acknowledgedAt < to).count();
    }

    /**
     * Reads chat-messages to its end; returns how many acknowledged messages were published there more than once (a
     * sweeper's re-send of a batch whose instance died or whose records Kafka did not acknowledge in time).
     */
    int publishedMoreThanOnce(String bootstrapServers) {
        Map<UUID, Integer> published = new HashMap<>();
        KafkaTopics.readToEnd(bootstrapServers, Topics.CHAT_MESSAGES, Duration.ofSeconds(30)).stream()
                .map(record -> record.headers().lastHeader(DeliveryRecords.MESSAGE_ID_HEADER))
                .filter(header -> header != null)
                .map(header -> UUID.fromString(new String(header.value(), StandardCharsets.UTF_8)))
                .forEach(messageId -> published.merge(messageId, 1, Integer::sum));
        Set<UUID> acknowledged = sides.stream().flatMap(side -> side.acknowledged().stream())
                .map(sent -> sent.receipt.join().messageId()).collect(Collectors.toSet());
        // Messages to a recipient on the sender's instance are delivered without Kafka, so not all are published.
        published.keySet().retainAll(acknowledged);
        return (int) published.values().stream().filter(count -> count > 1).count();
    }

    /** The conversation's history holds both sides' acknowledged messages once each, every chain in order. */
    private static int checkHistory(Side one, Side other) {
        List<StoredMessage> history = readAll(one.client.api(), one.conversation.id());
        Set<UUID> acknowledged = new HashSet<>();
        for (Side side : List.of(one, other)) {
            side.sent.forEach(s -> acknowledged.add(s.receipt.join().messageId()));
        }
        String conversation = "history of " + one.person.username() + " and " + other.person.username();
        assertThat(history).extracting(StoredMessage::id).as("%s: message ids", conversation)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);

        Map<String, List<Long>> chains = new HashMap<>();
        for (StoredMessage message : history) {
            MessageHeader header = MessageEnvelope.fromJson(message.envelope()).header();
            String chain = message.senderId() + "/" + header.deviceId().toBase64Url();
            chains.computeIfAbsent(chain, ignored -> new ArrayList<>()).add(header.seq());
        }
        assertThat(chains).as("%s: one chain per device", conversation).hasSize(2);
        chains.forEach((chain, seqs) -> assertThat(seqs).as("%s: positions of chain %s, in history order",
                conversation, chain).containsExactlyElementsOf(
                        LongStream.rangeClosed(1, seqs.size()).boxed().toList()));
        return history.size();
    }

    /** Every message of the conversation, oldest first. */
    private static List<StoredMessage> readAll(ChatApi api, UUID conversationId) {
        List<StoredMessage> messages = new ArrayList<>();
        HistoryPage page = api.newest(conversationId, 200);
        messages.addAll(page.messages());
        while (page.hasMore()) {
            page = api.before(conversationId, messages.get(0).id(), 200);
            messages.addAll(0, page.messages());
        }
        return messages;
    }

    private static UUID openConversation(URI server, Person person, Person friend) {
        ChatApi api = new ChatApi(HTTP, server, person::token);
        UUID[] id = new UUID[1];
        await().atMost(FRIENDSHIP_KNOWN).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            id[0] = api.openConversation(friend.id()).id();
            return true;
        });
        return id[0];
    }

    /** The servers, the given one first and the others after it in turn. */
    private static List<URI> startingAt(List<URI> servers, int first) {
        List<URI> order = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            order.add(servers.get((first + i) % servers.size()));
        }
        return order;
    }

    @Override
    public void close() {
        sender.shutdownNow();
        sides.forEach(side -> {
            if (side.client != null) {
                side.client.close();
            }
        });
    }
}

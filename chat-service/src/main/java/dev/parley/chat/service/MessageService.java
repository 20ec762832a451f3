package dev.parley.chat.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.api.ApiException;
import dev.parley.api.ErrorCode;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ConversationMember;
import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.delivery.DeliveryPublisher.Publication;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.ChatSettingsRepository;
import dev.parley.chat.repository.ConversationRepository;
import dev.parley.chat.repository.ConversationRepository.ReadReceipt;
import dev.parley.chat.repository.MessageRepository;
import dev.parley.chat.repository.MessageStore;
import dev.parley.chat.repository.MessageStore.Confirmation;
import dev.parley.chat.repository.MessageStore.DeliveryReport;
import dev.parley.chat.repository.MessageStore.NewMessage;
import dev.parley.chat.service.EnvelopeCheck.ChainPosition;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Messages: storing a sent envelope once, history pages, delivery confirmations and read markers.
 * <p>
 * Sends are stored in batches ({@link MessageWriter}, one statement each on the reactive client); a send is
 * acknowledged once its batch committed, so it is in history before anyone hears of it. Live frames (the message to
 * its recipient, a receipt to the sender) go out right after the commit ({@link LiveDelivery}); history is the source
 * of truth that every client catches up from.
 */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class);

    /** A stored message and who it is for; {@code duplicate} when a retried send found it stored before. */
    public record Stored(ChatMessage message, UUID recipientId, boolean duplicate) {
    }

    /**
     * One page of history, oldest first; {@code hasMore} says whether more lie further in the paging direction;
     * {@code friendRead} how far the friend has read, null unless both have read receipts on.
     */
    public record Page(List<ChatMessage> messages, boolean hasMore, ReadReceipt friendRead) {

        Page(List<ChatMessage> messages, boolean hasMore) {
            this(messages, hasMore, null);
        }

        Page withFriendRead(ReadReceipt receipt) {
            return new Page(messages, hasMore, receipt);
        }
    }

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageStore store;
    private final MessageWriter writer;
    private final LiveDelivery delivery;
    private final ConversationService conversationService;
    private final ChatSettingsRepository settings;
    private final EnvelopeCheck envelopes;
    private final FrameWriter frames;
    private final ObjectMapper json;
    private final ChatConfig config;
    private final Clock clock;
    private final GroupCommit<DeliveryReport, Confirmation> reports;

    MessageService(ConversationRepository conversations, MessageRepository messages, MessageStore store,
            MessageWriter writer, LiveDelivery delivery, ConversationService conversationService,
            ChatSettingsRepository settings, EnvelopeCheck envelopes, FrameWriter frames, ObjectMapper json,
            ChatConfig config, Clock clock, Vertx vertx) {
        this.conversations = conversations;
        this.messages = messages;
        this.store = store;
        this.writer = writer;
        this.delivery = delivery;
        this.conversationService = conversationService;
        this.settings = settings;
        this.envelopes = envelopes;
        this.frames = frames;
        this.json = json;
        this.config = config;
        this.clock = clock;
        this.reports = new GroupCommit<>(config.store().maxQueued(), config.store().maxBatch(),
                config.store().maxBatchesInFlight(),
                GroupCommit.Linger.onVertx(vertx, config.store().reportLinger(), config.store().readyBatch()),
                this::storeReports, MessageWriter::overloaded);
    }

    /**
     * Stores an envelope the user sent from a device, unless its chain position is taken: a retry of the same envelope
     * is answered with the stored message, another envelope at that position is refused. The header must name the
     * device the socket was opened with, so one device cannot write into another's chain. {@code trace} is the send's
     * span, which its store and delivery continue.
     */
    public Uni<Stored> send(UUID senderId, String senderDevice, JsonNode envelope, Context trace) {
        NewMessage message;
        try {
            message = checked(senderId, senderDevice, envelope);
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        return writer.write(message, trace).chain(result -> result instanceof MessageWriter.Stored stored
                ? Uni.createFrom().item(new Stored(stored(message, stored), stored.recipientId(), false))
                : storedBefore(message, envelope).call(this::deliverAgain));
    }

    /**
     * Sends a retried message to the recipient's sockets again before its sender hears it is stored. The first
     * attempt may have been stored by an instance that died before its frame left (still in its Kafka producer's
     * buffer): without this the message would reach the recipient only through the sweeper, after the messages its
     * sender sends next. A client that has it already knows it by its id. If it cannot be sent now, the retry is
     * answered all the same: the message is stored, and a pending delivery left by the first attempt is the sweeper's.
     */
    private Uni<Void> deliverAgain(Stored stored) {
        ChatMessage message = stored.message();
        String frame = frames.write(new Frames.Message(message.conversationId, message.publicId, message.senderId,
                message.storedAt, message.envelope));
        return delivery.deliver(List.of(new LiveDelivery.Frame(stored.recipientId(), message.publicId, frame)))
                .chain(Publication::acknowledged).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("A retried message was not delivered again: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The message to store for a sent envelope, once it passed the checks; throws the refusal otherwise. */
    private NewMessage checked(UUID senderId, String senderDevice, JsonNode envelope) {
        ChainPosition position = envelopes.check(envelope, senderId);
        if (!position.deviceId().equals(senderDevice)) {
            throw ApiException.badRequest(ErrorCode.DEVICE_MISMATCH,
                    "header.device must be the device this connection was opened with.");
        }
        return new NewMessage(MessageIds.next(), position.conversationId(), senderId, position.deviceId(),
                position.seq(), write(envelope));
    }

    private static ChatMessage stored(NewMessage message, MessageWriter.Stored stored) {
        ChatMessage chatMessage = new ChatMessage();
        chatMessage.publicId = stored.publicId();
        chatMessage.conversationId = stored.conversationId();
        chatMessage.senderId = message.senderId();
        chatMessage.deviceId = message.deviceId();
        chatMessage.seq = message.seq();
        chatMessage.envelope = message.envelope();
        chatMessage.storedAt = stored.storedAt();
        return chatMessage;
    }

    /** The message stored before at the send's chain position: a retry of the same envelope, or a refusal. */
    private Uni<Stored> storedBefore(NewMessage sent, JsonNode envelope) {
        return Panache.withSession(() -> messages.findAtChainPosition(sent.conversationId(), sent.senderId(),
                sent.deviceId(), sent.seq())
                .chain(stored -> conversations.findMember(sent.senderId(), sent.conversationId())
                        .map(member -> sameSendOrRefuse(sent, envelope, stored, member))));
    }

    private Stored sameSendOrRefuse(NewMessage sent, JsonNode envelope, ChatMessage stored, ConversationMember member) {
        if (stored == null || member == null) {
            throw ConversationService.unknownConversation();
        }
        if (!read(stored.envelope).equals(envelope)) {
            throw ApiException.badRequest(ErrorCode.BAD_ENVELOPE,
                    "seq " + sent.seq() + " of this device was already used for another message.");
        }
        return new Stored(stored, member.friendId, true);
    }

    /**
     * A page of a conversation's history, oldest first: the page before {@code before}, the page after
     * {@code after} (catching up), or the newest page when neither is given.
     */
    public Uni<Page> history(UUID userId, UUID conversationId, UUID before, UUID after, Integer limit) {
        if (before != null && after != null) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCode.BAD_CURSOR,
                    "Give before or after, not both."));
        }
        return PageSize.of(config.history(), limit).chain(size -> Panache.withSession(() -> conversationService
                .requireMember(userId, conversationId)
                .chain(conversation -> page(conversationId, before, after, size)
                        .chain(page -> friendRead(userId, conversation.otherMember(userId), conversationId)
                                .map(page::withFriendRead)))));
    }

    private Uni<Page> page(UUID conversationId, UUID before, UUID after, int size) {
        if (after != null) {
            return cursor(conversationId, after)
                    .chain(id -> messages.pageAfter(conversationId, id, size + 1))
                    .map(page -> page.size() > size ? new Page(page.subList(0, size), true) : new Page(page, false));
        }
        Uni<Long> from = before == null ? Uni.createFrom().nullItem() : cursor(conversationId, before);
        return from.chain(id -> messages.pageBefore(conversationId, id, size + 1))
                .map(page -> page.size() > size ? new Page(page.subList(1, page.size()), true) : new Page(page, false));
    }

    /** Within a session: how far the friend has read, as the user may see it (both have read receipts on). */
    private Uni<ReadReceipt> friendRead(UUID userId, UUID friendId, UUID conversationId) {
        return settings.readReceiptsOff(List.of(userId, friendId)).chain(off -> off.isEmpty()
                ? conversations.readReceipt(friendId, conversationId)
                : Uni.createFrom().nullItem());
    }

    /**
     * The recipient's client has the conversation's messages up to {@code upTo}: they are marked delivered (reports
     * batched like sends, with a longer linger: {@code report-linger}) and the sender's clients are told once they
     * are (live only: a receipt lost with a crashed instance is in history).
     */
    public Uni<Void> confirmDelivered(UUID recipientId, UUID conversationId, UUID upTo) {
        return reports.submit(new DeliveryReport(recipientId, conversationId, upTo)).chain(confirmation -> {
            if (confirmation.friendId() == null) {
                return Uni.createFrom().failure(ConversationService.unknownConversation());
            }
            if (confirmation.upTo() == null) {
                return Uni.createFrom().failure(unknownMessage());
            }
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> storeReports(List<GroupCommit.Waiting<DeliveryReport, Confirmation>> batch) {
        Instant now = now();
        return store.confirmDelivered(batch.stream().map(GroupCommit.Waiting::item).toList(), now)
                .invoke(confirmations -> {
                    for (int i = 0; i < batch.size(); i++) {
                        DeliveryReport report = batch.get(i).item();
                        Confirmation confirmation = confirmations.get(i);
                        if (confirmation.marked() > 0) {
                            String receipt = frames.write(new Frames.Delivered(report.conversationId(), report.upTo(), now));
                            delivery.deliverWithoutWaiting(new LiveDelivery.Frame(confirmation.friendId(), null, receipt));
                        }
                        batch.get(i).complete(confirmation);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Moves the user's read marker to {@code upTo} (never back), which the unread count counts from. With read
     * receipts on, the marker the friend may see moves with it, and when the friend has them on too, their open
     * clients are told at once (a {@code read} frame; live only, like delivery receipts: history has the marker).
     */
    public Uni<Void> markRead(UUID userId, UUID conversationId, UUID upTo) {
        Instant now = now();
        return Panache.withTransaction(() -> requireMembership(userId, conversationId)
                .chain(member -> messages.findInConversation(conversationId, upTo)
                        .onItem().ifNull().failWith(MessageService::unknownMessage)
                        .chain(message -> moveReadMarker(member, message.id, now))))
                .invoke(friendId -> {
                    if (friendId != null) {
                        String frame = frames.write(new Frames.Read(conversationId, upTo, now));
                        delivery.deliverWithoutWaiting(new LiveDelivery.Frame(friendId, null, frame));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Within a transaction: moves the member's read marker, and the reported one too unless they turned read receipts
     * off; the friend to tell, or null when the marker did not move or either has read receipts off.
     */
    private Uni<UUID> moveReadMarker(ConversationMember member, long upTo, Instant now) {
        return settings.readReceiptsOff(List.of(member.userId, member.friendId)).chain(off -> {
            Uni<Integer> moved = off.contains(member.userId)
                    ? conversations.markRead(member.userId, member.conversationId, upTo)
                    : conversations.markReadAndReport(member.userId, member.conversationId, upTo, now);
            return moved.map(rows -> rows > 0 && off.isEmpty() ? member.friendId : null);
        });
    }

    private Uni<ConversationMember> requireMembership(UUID userId, UUID conversationId) {
        return conversations.findMember(userId, conversationId)
                .onItem().ifNull().failWith(ConversationService::unknownConversation);
    }

    private Uni<Long> cursor(UUID conversationId, UUID messageId) {
        return messages.findInConversation(conversationId, messageId)
                .onItem().ifNull().failWith(MessageService::unknownMessage)
                .map(message -> message.id);
    }

    /** PostgreSQL keeps microseconds: times handed out before and after storing must be the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiException unknownMessage() {
        return new ApiException(404, ErrorCode.UNKNOWN_MESSAGE, "Unknown message.");
    }

    private String write(JsonNode envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An envelope tree that cannot be written", e);
        }
    }

    private JsonNode read(String envelope) {
        try {
            return json.readTree(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored envelope that cannot be read", e);
        }
    }
}

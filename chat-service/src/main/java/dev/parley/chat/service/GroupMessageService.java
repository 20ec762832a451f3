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
import dev.parley.chat.delivery.DeliveryPublisher;
import dev.parley.chat.delivery.LiveDelivery;
import dev.parley.chat.repository.GroupMessageStore;
import dev.parley.chat.repository.GroupMessageStore.NewGroupMessage;
import dev.parley.chat.repository.GroupMessageStore.NotAMember;
import dev.parley.chat.repository.GroupMessageStore.OtherEpoch;
import dev.parley.chat.repository.GroupMessageStore.OtherRecipients;
import dev.parley.chat.repository.GroupMessageStore.PositionTaken;
import dev.parley.chat.repository.MessageStore;
import dev.parley.chat.service.EnvelopeCheck.GroupPosition;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * Storing a group message once (PROTOCOL.md §7) and taking it to the other members' open sockets.
 * <p>
 * A group message is checked against the membership of the moment it is stored, in the same transaction
 * ({@link GroupMessageStore}): the sender is a member, it is sealed for the current epoch, and its key is wrapped for
 * exactly the other members. Sends are stored one transaction each, not in the 1:1 path's batches: they are rarer, and
 * each needs the group's row locked against membership changes. Like a 1:1 send, the sender is answered once the
 * message's frames are on the local sockets or with the Kafka producer, so the device's next message cannot overtake
 * it; a delivery_pending row stands for the frames until Kafka acknowledged them, so the sweeper sends them again
 * if this instance dies first.
 */
@ApplicationScoped
public class GroupMessageService {

    /** A stored group message as its sender's ack names it; {@code duplicate} when a retry found it stored before. */
    public record Stored(UUID groupId, UUID messageId, Instant storedAt, boolean duplicate) {
    }

    private static final Logger LOG = Logger.getLogger(GroupMessageService.class);

    private final GroupMessageStore store;
    private final MessageStore pending;
    private final LiveDelivery delivery;
    private final EnvelopeCheck envelopes;
    private final FrameWriter frames;
    private final ObjectMapper json;
    private final Clock clock;
    private final Counter stored;

    GroupMessageService(GroupMessageStore store, MessageStore pending, LiveDelivery delivery, EnvelopeCheck envelopes,
            FrameWriter frames, ObjectMapper json, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.pending = pending;
        this.delivery = delivery;
        this.envelopes = envelopes;
        this.frames = frames;
        this.json = json;
        this.clock = clock;
        this.stored = Counter.builder("parley.chat.group.messages.stored").description("Group messages stored")
                .register(metrics);
    }

    /**
     * Stores a group envelope the user sent from a device, unless it is refused: {@code unknown_group} (not a member
     * now), {@code stale_epoch} (sealed for another epoch; {@link StaleEpoch} names the current one),
     * {@code bad_envelope} (not §7's shape, keys not naming exactly the other members, or the chain position used for
     * another envelope), {@code device_mismatch}, {@code too_large}. A retry of a stored envelope is answered with the
     * stored message.
     */
    public Uni<Stored> send(UUID senderId, String senderDevice, JsonNode envelope, Context trace) {
        NewGroupMessage message;
        GroupPosition position;
        try {
            position = envelopes.checkGroup(envelope, senderId);
            if (!position.deviceId().equals(senderDevice)) {
                throw ApiException.badRequest(ErrorCode.DEVICE_MISMATCH,
                        "header.device must be the device this connection was opened with.");
            }
            message = new NewGroupMessage(MessageIds.next(), position.groupId(), senderId, position.deviceId(),
                    position.seq(), position.epoch(), write(envelope));
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        Instant storedAt = now();
        return store.store(message, position.recipients(), storedAt).chain(result -> {
            if (result instanceof GroupMessageStore.Stored inserted) {
                stored.increment();
                return deliver(message, inserted, storedAt, trace)
                        .replaceWith(new Stored(message.groupId(), message.publicId(), storedAt, false));
            }
            return Uni.createFrom().item(refusedOrStoredBefore(result, message, envelope));
        });
    }

    private Stored refusedOrStoredBefore(GroupMessageStore.Result result, NewGroupMessage sent, JsonNode envelope) {
        if (result instanceof PositionTaken taken) {
            if (!read(taken.envelope()).equals(envelope)) {
                throw ApiException.badRequest(ErrorCode.BAD_ENVELOPE,
                        "seq " + sent.seq() + " of this device was already used for another message.");
            }
            return new Stored(sent.groupId(), taken.publicId(), taken.storedAt(), true);
        }
        if (result instanceof NotAMember) {
            throw GroupService.unknownGroup();
        }
        if (result instanceof OtherEpoch other) {
            throw new StaleEpoch(other.current());
        }
        if (result instanceof OtherRecipients) {
            throw ApiException.badRequest(ErrorCode.BAD_ENVELOPE,
                    "keys must name exactly the group's other members of epoch " + sent.epoch() + ".");
        }
        throw new IllegalStateException("Unexpected result " + result);
    }

    /**
     * The message to every other member's open sockets; done once the frames are on local sockets or acknowledged by
     * Kafka (or not taken within the publish timeout), so that the sender's next message cannot overtake it even if
     * this instance dies now (see MessageWriter). Its delivery_pending row goes once Kafka took every record; until
     * then the sweeper stands behind it.
     */
    private Uni<Void> deliver(NewGroupMessage message, GroupMessageStore.Stored inserted, Instant storedAt,
            Context trace) {
        String frame = frames.write(new Frames.GroupMessage(message.groupId(), message.publicId(), message.senderId(),
                message.epoch(), storedAt, message.envelope()));
        List<LiveDelivery.Frame> live = inserted.recipients().stream()
                .map(recipient -> new LiveDelivery.Frame(recipient, message.publicId(), frame, trace, storedAt))
                .toList();
        return delivery.deliver(live)
                .chain(DeliveryPublisher.Publication::acknowledged)
                .invoke(allPublished -> {
                    if (allPublished) {
                        pending.deletePending(List.of(inserted.pendingId())).subscribe().with(ignored -> {
                        }, failure -> LOG.debugf("A delivered group message stays pending: %s", failure.getMessage()));
                    }
                })
                .replaceWithVoid()
                // Stored all the same: the sweeper publishes what could not be now.
                .onFailure().invoke(failure -> LOG.warnf("Live delivery of a group message failed; the sweeper sends"
                        + " it: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** PostgreSQL keeps microseconds: times handed out before and after storing must be the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
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

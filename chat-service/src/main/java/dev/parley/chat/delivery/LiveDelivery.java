package dev.parley.chat.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.parley.chat.delivery.DeliveryPublisher.Publication;
import dev.parley.chat.repository.DeliveryRepository;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.chat.tracing.MessageTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * Takes frames to their recipients' open sockets: straight to the sockets this instance holds, and through Kafka to
 * the partitions of the other instances holding sockets of the recipient, as the socket routes say. Routes are read
 * after the frames' messages committed: a socket whose route was not there yet sent its ready frame after that commit,
 * so its client reads those messages from history.
 */
@ApplicationScoped
public class LiveDelivery {

    private static final Logger LOG = Logger.getLogger(LiveDelivery.class);

    /**
     * One frame for every open socket of one user; {@code messageId} names the message it carries, if any,
     * {@code trace} the send it comes from (the root context when untraced) and {@code storedAt} when that message was
     * stored (null for a frame that carries none), for the send-to-delivery latency.
     */
    public record Frame(UUID recipientId, UUID messageId, String text, Context trace, Instant storedAt) {

        public Frame(UUID recipientId, UUID messageId, String text) {
            this(recipientId, messageId, text, Context.root());
        }

        public Frame(UUID recipientId, UUID messageId, String text, Context trace) {
            this(recipientId, messageId, text, trace, null);
        }
    }

    private final DeliveryRepository routes;
    private final DeliveryPublisher publisher;
    private final DeliverySlot slot;
    private final LocalSockets sockets;
    private final MessageTraces traces;
    private final Counter deliveredLocally;
    private final Counter published;
    private final DeliveryLatency latency;

    LiveDelivery(DeliveryRepository routes, DeliveryPublisher publisher, DeliverySlot slot, LocalSockets sockets,
            MessageTraces traces, MeterRegistry metrics, DeliveryLatency latency) {
        this.routes = routes;
        this.publisher = publisher;
        this.slot = slot;
        this.sockets = sockets;
        this.traces = traces;
        this.latency = latency;
        this.deliveredLocally = Counter.builder("parley.chat.frames.delivered").tag("path", "local")
                .description("Frames sent to sockets of this instance straight from the message path")
                .register(metrics);
        this.published = Counter.builder("parley.chat.delivery.records.published")
                .description("Frames published to other instances' partitions of chat-messages").register(metrics);
    }

    /**
     * Delivers frames just stored or confirmed by this instance: local sockets at once, other instances through
     * Kafka. The item comes once every frame is written to the local sockets or handed to the producer, so a sender
     * answered after it can never have a later message overtake this one; its {@code acknowledged} says whether Kafka
     * took every record (true when none was needed).
     */
    public Uni<Publication> deliver(List<Frame> frames) {
        sendLocally(frames);
        return publishTo(frames, slot.slot());
    }

    /**
     * Like {@link #deliver(List)}, with the recipients' slots read by the caller after the frames' messages committed:
     * the local sockets get their frames without waiting for them.
     */
    public Uni<Publication> deliver(List<Frame> frames, Uni<Map<UUID, Set<Integer>>> recipientSlots) {
        sendLocally(frames);
        return recipientSlots.chain(slots -> publisher.publish(records(frames, slots, slot.slot())));
    }

    private void sendLocally(List<Frame> frames) {
        for (Frame frame : frames) {
            Span span = traces.startDeliver(frame.trace(), "local");
            int sent = sockets.sendTo(frame.recipientId(), frame.text());
            MessageTraces.delivered(span, sent);
            if (sent > 0) {
                deliveredLocally.increment();
                latency.delivered(DeliveryLatency.LOCAL, frame.storedAt());
            }
        }
    }

    /** Delivers one frame that nothing is kept for (a receipt): the caller does not wait for Kafka. */
    public void deliverWithoutWaiting(Frame frame) {
        deliver(List.of(frame)).subscribe().with(ignored -> {
        }, failure -> LOG.debugf("A live frame was not published: %s", failure.getMessage()));
    }

    /** Publishes frames to every instance holding their recipients' sockets, this one included (the sweeper). */
    public Uni<Boolean> publishEverywhere(List<Frame> frames) {
        return publishTo(frames, -1).chain(Publication::acknowledged);
    }

    private Uni<Publication> publishTo(List<Frame> frames, int skippedSlot) {
        if (frames.isEmpty()) {
            return Uni.createFrom().item(Publication.NOTHING);
        }
        Set<UUID> recipients = new LinkedHashSet<>();
        frames.forEach(frame -> recipients.add(frame.recipientId()));
        return routes.slotsOf(recipients).chain(slots -> publisher.publish(records(frames, slots, skippedSlot)));
    }

    private List<DeliveryPublisher.Record> records(List<Frame> frames, Map<UUID, Set<Integer>> slots, int skippedSlot) {
        List<DeliveryPublisher.Record> records = new ArrayList<>();
        for (Frame frame : frames) {
            for (int partition : slots.getOrDefault(frame.recipientId(), Set.of())) {
                if (partition != skippedSlot) {
                    records.add(new DeliveryPublisher.Record(partition, frame.recipientId().toString(),
                            frame.messageId() == null ? null : frame.messageId().toString(), frame.text(),
                            frame.trace(), frame.storedAt()));
                }
            }
        }
        published.increment(records.size());
        return records;
    }
}

package dev.parley.chat.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.chat.delivery.DeliveryLatency;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.chat.tracing.MessageTraces;
import dev.parley.contracts.DeliveryRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;

/**
 * Real-time delivery from other instances: this instance reads only its own partition of chat-messages (its
 * {@link dev.parley.chat.delivery.DeliverySlot}), where every record is a ready-made frame for the sockets of the
 * user its header names. Nothing is decoded or written here; a recipient who disconnected meanwhile reads the message
 * from history when they come back, and a frame that arrives twice (after a sweeper's re-send) is recognised by the
 * client by its message id.
 * <p>
 * This is the one consumer that does not go through {@link dev.parley.outbox.EventConsumer}: its records are not
 * events (no envelope to decode, no type to dispatch on, nothing to retry or deduplicate), and it is the hot path of
 * every message, read as whole batches so that a poll costs one call, not one {@code Uni} per record.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    private final LocalSockets sockets;
    private final MessageTraces traces;
    private final Counter consumed;
    private final Counter delivered;
    private final DeliveryLatency latency;

    Delivery(LocalSockets sockets, MessageTraces traces, MeterRegistry metrics, DeliveryLatency latency) {
        this.sockets = sockets;
        this.traces = traces;
        this.latency = latency;
        this.consumed = Counter.builder("parley.chat.delivery.records.consumed")
                .description("Records read from this instance's partition of chat-messages").register(metrics);
        this.delivered = Counter.builder("parley.chat.frames.delivered").tag("path", "kafka")
                .description("Frames sent to sockets of this instance from records of chat-messages").register(metrics);
    }

    @Incoming("chat-messages")
    public Uni<Void> onRecords(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            consumed.increment();
            UUID recipient = recipient(record);
            if (recipient != null && record.value() != null) {
                Span span = traces.startDeliver(record.headers());
                int sent = sockets.sendTo(recipient, record.value());
                MessageTraces.delivered(span, sent);
                if (sent > 0) {
                    delivered.increment();
                    latency.delivered(DeliveryLatency.KAFKA, storedAt(record));
                }
            }
        }
        return Uni.createFrom().voidItem();
    }

    private static Instant storedAt(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(DeliveryRecords.STORED_AT_HEADER);
        return header == null ? null : DeliveryLatency.storedAt(header.value());
    }

    private static UUID recipient(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(DeliveryRecords.RECIPIENT_HEADER);
        try {
            return header == null ? null : UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Skipped a chat-messages record at offset %d: no recipient", record.offset());
            return null;
        }
    }
}

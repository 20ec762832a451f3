package dev.parley.chat.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.LocalSockets;
import dev.parley.contracts.EventCodec;
import dev.parley.contracts.EventEnvelope;
import dev.parley.contracts.events.ChatMessageStored;
import dev.parley.contracts.events.ChatMessagesDelivered;
import io.smallrye.mutiny.Uni;

/**
 * Real-time delivery: every instance reads the whole chat-messages topic (in a consumer group of its own, see
 * {@link dev.parley.chat.config.Instance}) and pushes each record to the sockets it holds for the member concerned:
 * a stored message to its recipient, a delivery receipt to the sender. Nothing is written here; a recipient who was
 * not connected reads the message from history when they come back. A record delivered twice (after a relay
 * re-send) reaches the client twice, which recognises the message id.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    private final LocalSockets sockets;
    private final FrameWriter frames;

    Delivery(LocalSockets sockets, FrameWriter frames) {
        this.sockets = sockets;
        this.frames = frames;
    }

    @Incoming("chat-messages")
    public Uni<Void> onChatMessage(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        try {
            EventEnvelope event = EventCodec.decode(record.value());
            if (event.is(ChatMessageStored.class)) {
                ChatMessageStored stored = event.data(ChatMessageStored.class);
                if (sockets.holds(stored.recipientId())) {
                    sockets.sendTo(stored.recipientId(), frames.write(new Frames.Message(stored.conversationId(),
                            stored.messageId(), stored.senderId(), stored.storedAt(), stored.envelope())));
                }
            } else if (event.is(ChatMessagesDelivered.class)) {
                ChatMessagesDelivered delivered = event.data(ChatMessagesDelivered.class);
                if (sockets.holds(delivered.senderId())) {
                    sockets.sendTo(delivered.senderId(), frames.write(new Frames.Delivered(delivered.conversationId(),
                            delivered.upTo(), delivered.deliveredAt())));
                }
            }
        } catch (EventCodec.MalformedEventException | IllegalArgumentException e) {
            LOG.warnf("Skipped a chat-messages record at offset %d: %s", record.offset(), e.getMessage());
        }
        return Uni.createFrom().voidItem();
    }
}

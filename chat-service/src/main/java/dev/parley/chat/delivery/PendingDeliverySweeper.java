package dev.parley.chat.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.repository.DeliveryRepository;
import dev.parley.chat.repository.DeliveryRepository.PendingBatch;
import dev.parley.chat.repository.DeliveryRepository.PendingGroupMessage;
import dev.parley.chat.repository.DeliveryRepository.PendingMessage;
import dev.parley.chat.socket.FrameWriter;
import dev.parley.chat.socket.Frames;
import dev.parley.chat.socket.SocketShutdown;
import io.opentelemetry.context.Context;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;

/**
 * The safety net of live delivery: stored messages whose records Kafka did not acknowledge within
 * {@code parley.chat.delivery.resend-after} (their instance died after the commit, or Kafka was down) are published
 * again, by whichever instance sweeps first, to every instance holding their recipients' sockets. The resend-after
 * is longer than the publish timeout, so a message is not swept while its own instance may still publish it.
 */
@ApplicationScoped
public class PendingDeliverySweeper {

    private static final Logger LOG = Logger.getLogger(PendingDeliverySweeper.class);
    private static final int ROWS_PER_SWEEP = 100;

    private final DeliveryRepository repository;
    private final LiveDelivery delivery;
    private final FrameWriter frames;
    private final ChatConfig config;

    PendingDeliverySweeper(DeliveryRepository repository, LiveDelivery delivery, FrameWriter frames, ChatConfig config) {
        this.repository = repository;
        this.delivery = delivery;
        this.frames = frames;
        this.config = config;
    }

    @Scheduled(every = "${parley.chat.delivery.sweep-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WhileStopping.class)
    Uni<Void> sweep() {
        return repository.sweepPending(config.delivery().resendAfter(), ROWS_PER_SWEEP,
                        pending -> delivery.publishEverywhere(frames(pending)))
                .invoke(rows -> {
                    if (rows > 0) {
                        LOG.infof("Published %d batches of stored messages again whose live delivery was not confirmed",
                                rows);
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Pending deliveries not swept: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private List<LiveDelivery.Frame> frames(PendingBatch pending) {
        List<LiveDelivery.Frame> live = new ArrayList<>();
        for (PendingMessage message : pending.messages()) {
            live.add(new LiveDelivery.Frame(message.recipientId(), message.publicId(),
                    frames.write(new Frames.Message(message.conversationId(), message.publicId(), message.senderId(),
                            message.storedAt(), message.envelope())), Context.root(), message.storedAt()));
        }
        for (PendingGroupMessage message : pending.groupMessages()) {
            String frame = frames.write(new Frames.GroupMessage(message.groupId(), message.publicId(),
                    message.senderId(), message.epoch(), message.storedAt(), message.envelope()));
            for (UUID recipient : message.recipientIds()) {
                live.add(new LiveDelivery.Frame(recipient, message.publicId(), frame, Context.root(),
                        message.storedAt()));
            }
        }
        return live;
    }

    /** A stopping instance leaves the sweeping to the others: its pools are about to close. */
    @Singleton
    static class WhileStopping implements Scheduled.SkipPredicate {

        private final SocketShutdown shutdown;

        WhileStopping(SocketShutdown shutdown) {
            this.shutdown = shutdown;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return shutdown.stopping();
        }
    }
}

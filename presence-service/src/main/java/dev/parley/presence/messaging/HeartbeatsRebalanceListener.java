package dev.parley.presence.messaging;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import dev.parley.presence.service.InstanceLiveness;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/** Tells {@link InstanceLiveness} when heartbeats start and stop reaching this presence instance. */
@ApplicationScoped
@Identifier("heartbeats-listening")
public class HeartbeatsRebalanceListener implements KafkaConsumerRebalanceListener {

    private final InstanceLiveness liveness;

    HeartbeatsRebalanceListener(InstanceLiveness liveness) {
        this.liveness = liveness;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            liveness.startedListening();
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            liveness.stoppedListening();
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}

package dev.parley.chat.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.parley.chat.config.ChatConfig;
import dev.parley.chat.config.Instance;
import dev.parley.chat.tracing.MessageTraces;
import dev.parley.contracts.DeliveryRecords;
import dev.parley.contracts.Topics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * Writes live frames to the chat-messages partitions of the instances that hold their recipients' sockets.
 * <p>
 * A plain Kafka producer rather than a Reactive Messaging emitter: records go to an explicit partition with headers,
 * and the message path needs only "were they all acknowledged", without a message object and context per record.
 * {@code send} may block while the broker's metadata is unknown, so records are handed to the producer on a thread
 * of its own, never on an event loop. A send not acknowledged within the delivery timeout counts as failed; the
 * stored messages it carried stay pending and the sweeper sends them again.
 */
@ApplicationScoped
public class DeliveryPublisher {

    /**
     * A frame for one user's sockets on one instance, the trace of the send it comes from, and when its message was
     * stored (null when it carries none).
     */
    public record Record(int partition, String recipientId, String messageId, String frame, Context trace,
            Instant storedAt) {
    }

    private static final Logger LOG = Logger.getLogger(DeliveryPublisher.class);

    private final KafkaProducer<String, String> producer;
    private final MessageTraces traces;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-delivery-publisher");
        thread.setDaemon(true);
        return thread;
    });

    DeliveryPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Instance instance,
            ChatConfig config, MessageTraces traces) {
        this.traces = traces;
        Map<String, Object> producerConfig = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                producerConfig.put(key, value);
            }
        });
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "chat-delivery-" + instance.id());
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Live frames are worth little late: fail fast and leave the rest to the sweeper.
        int timeoutMillis = (int) config.delivery().publishTimeout().toMillis();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMillis);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        this.producer = new KafkaProducer<>(producerConfig);
    }

    /**
     * Records handed to the producer, in the order of the calls (so in each partition in that order); {@code
     * acknowledged} says, once Kafka answered, whether it took every one of them.
     */
    public record Publication(Uni<Boolean> acknowledged) {

        static final Publication NOTHING = new Publication(Uni.createFrom().item(true));
    }

    /** Hands the records to the producer; the item comes once they are in its buffer, in order. */
    public Uni<Publication> publish(List<Record> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(Publication.NOTHING);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        CompletableFuture<Publication> handed = new CompletableFuture<>();
        AtomicInteger outstanding = new AtomicInteger(records.size());
        AtomicInteger failed = new AtomicInteger();
        sender.execute(() -> {
            for (Record record : records) {
                RecordHeaders headers = headers(record);
                Span span = traces.startPublish(record.trace(), record.partition(), headers);
                try {
                    producer.send(toProducerRecord(record, headers), (metadata, failure) -> {
                        MessageTraces.published(span, failure);
                        if (failure != null && failed.getAndIncrement() == 0) {
                            LOG.warnf("Live frames not published to %s: %s", Topics.CHAT_MESSAGES, failure.getMessage());
                        }
                        if (outstanding.decrementAndGet() == 0) {
                            done.complete(failed.get() == 0);
                        }
                    });
                } catch (RuntimeException e) {
                    MessageTraces.published(span, e);
                    if (failed.getAndIncrement() == 0) {
                        LOG.warnf("Live frames not handed to Kafka: %s", e.getMessage());
                    }
                    if (outstanding.decrementAndGet() == 0) {
                        done.complete(false);
                    }
                }
            }
            handed.complete(new Publication(Uni.createFrom().completionStage(done)));
        });
        return Uni.createFrom().completionStage(handed);
    }

    private static RecordHeaders headers(Record record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeliveryRecords.RECIPIENT_HEADER, record.recipientId().getBytes(StandardCharsets.UTF_8));
        if (record.messageId() != null) {
            headers.add(DeliveryRecords.MESSAGE_ID_HEADER, record.messageId().getBytes(StandardCharsets.UTF_8));
        }
        if (record.storedAt() != null) {
            headers.add(DeliveryRecords.STORED_AT_HEADER, DeliveryLatency.header(record.storedAt()));
        }
        return headers;
    }

    private static ProducerRecord<String, String> toProducerRecord(Record record, RecordHeaders headers) {
        return new ProducerRecord<>(Topics.CHAT_MESSAGES, record.partition(), (String) null, record.frame(), headers);
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}

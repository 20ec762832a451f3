package dev.parley.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The relay's emitter, with its process dying after a number of records: those reach Kafka, and the next send throws
 * {@link Crash}, an Error the relay does not catch, so its round fails and its transaction rolls back before anything
 * is marked sent, as when the process is killed between publishing and marking.
 */
final class CrashingEmitter implements Emitter<Record<String, String>> {

    /** The simulated death of the process. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash of the relay's process");
        }
    }

    private final Emitter<Record<String, String>> kafka;
    private final int survivingSends;
    /** The event ids of the records handed to Kafka before the crash. */
    final List<UUID> published = new CopyOnWriteArrayList<>();

    CrashingEmitter(Emitter<Record<String, String>> kafka, int survivingSends) {
        this.kafka = kafka;
        this.survivingSends = survivingSends;
    }

    @Override
    public <M extends Message<? extends Record<String, String>>> void send(M message) {
        if (published.size() >= survivingSends) {
            throw new Crash();
        }
        kafka.send(message);
        published.add(eventId(message));
    }

    /**
     * Not a path the relay takes (it sends messages, whose metadata carries the event id the test counts): refused
     * loudly, so that a relay changed to send bare records cannot slip past the simulated crash unnoticed.
     */
    @Override
    public CompletionStage<Void> send(Record<String, String> record) {
        throw new UnsupportedOperationException("the relay sends messages");
    }

    @Override
    public void complete() {
        kafka.complete();
    }

    @Override
    public void error(Exception e) {
        kafka.error(e);
    }

    @Override
    public boolean isCancelled() {
        return kafka.isCancelled();
    }

    @Override
    public boolean hasRequests() {
        return kafka.hasRequests();
    }

    private static UUID eventId(Message<?> message) {
        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        return UUID.fromString(new String(metadata.getHeaders().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(),
                StandardCharsets.UTF_8));
    }
}

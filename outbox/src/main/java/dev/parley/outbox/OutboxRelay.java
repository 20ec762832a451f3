package dev.parley.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Publishes outbox events to Kafka in insertion order and marks them sent.
 * <p>
 * One batch runs in one database transaction that first takes a PostgreSQL advisory lock, so when a service runs
 * several instances only one relays at a time and the order per key holds. Records are handed to the producer in
 * order (idempotent producer, so retries keep that order) and the batch is marked sent up to the first record that
 * was not acknowledged; the rest is tried again next round. A crash between send and mark re-sends events, which
 * is why consumers skip event ids they have seen ({@link ProcessedEvents}).
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "outbox";
    public static final String EVENT_ID_HEADER = "parley-event-id";
    /** The PostgreSQL channel {@link Outbox} notifies in every transaction that writes events. */
    static final String NOTIFY_CHANNEL = "outbox_event";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long LISTEN_RECONNECT_MILLIS = 1000;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<Record<String, String>> emitter;

    @ConfigProperty(name = "parley.outbox.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "parley.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "parley.outbox.send-timeout", defaultValue = "10s")
    Duration sendTimeout;

    @ConfigProperty(name = "parley.outbox.retention", defaultValue = "1h")
    Duration retention;

    /** How long a consumer remembers event ids; longer than any redelivery it must absorb. */
    @ConfigProperty(name = "parley.outbox.dedupe-retention", defaultValue = "7d")
    Duration dedupeRetention;

    /**
     * How often the relay looks for events without being woken. Committed events wake it through PostgreSQL's
     * LISTEN/NOTIFY, so this is only the safety net for a notification lost while the listening connection was down.
     */
    @ConfigProperty(name = "parley.outbox.poll-interval", defaultValue = "5s")
    Duration pollInterval;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    @Inject
    OutboxRows rows;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    /** Time from an event's commit to Kafka's acknowledgement of it: how far the outbox lags (dashboard, alert). */
    static final String DELAY_METER = "parley.outbox.relay.delay";
    /** How long one round takes, from reading the outbox to marking what Kafka acknowledged (empty rounds too). */
    static final String ROUND_METER = "parley.outbox.relay.round";
    private Timer delay;
    private Timer roundTime;

    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    /** A wake-up came while a round was running, so events committed during it wait for another round. */
    private final AtomicBoolean wokenWhileRunning = new AtomicBoolean();
    private long timerId = -1;
    private PgSubscriber subscriber;

    // Quarkus' scheduler does not go below one second; a Vert.x timer polls as often as configured.
    @PostConstruct
    void registerMeters() {
        delay = Timer.builder(DELAY_METER)
                .description("Time from an outbox event's commit until Kafka acknowledged it")
                .register(metrics);
        roundTime = Timer.builder(ROUND_METER)
                .description("Time of one relay round: reading unsent outbox events, publishing them, marking them sent")
                .register(metrics);
    }

    void start(@Observes StartupEvent startup) {
        if (enabled) {
            timerId = vertx.setPeriodic(pollInterval.toMillis(), ignored -> relayOnTimer());
            listen();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** Wakes the relay on every committed outbox write; reconnects by itself after the database was away. */
    private void listen() {
        if (databaseUrl.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.get().split(",")[0].trim());
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> LISTEN_RECONNECT_MILLIS);
        subscriber.channel(NOTIFY_CHANNEL).handler(ignored -> wake());
        subscriber.closeHandler(ignored -> LOG.debug("Outbox notifications stopped; polling until they are back"));
        subscriber.connect().onComplete(connected -> {
            if (connected.failed()) {
                LOG.warnf("Not listening for outbox notifications (polling every %s instead): %s", pollInterval,
                        connected.cause().getMessage());
            }
        });
    }

    /**
     * Starts a round now instead of at the next poll, for events that should not wait up to a poll interval (chat
     * messages). Call it after the transaction that wrote them has committed; a round already running is followed by
     * another one, since it may have read the outbox before that commit.
     */
    public void wake() {
        if (!enabled) {
            return;
        }
        wokenWhileRunning.set(true);
        relayOnTimer();
    }

    private void relayOnTimer() {
        if (paused.get() || !running.compareAndSet(false, true)) {
            return;
        }
        wokenWhileRunning.set(false);
        // Hibernate Reactive needs a duplicated context of its own, flagged safe, for each round.
        Context round = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        round.runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            Timer.Sample began = Timer.start();
            Uni.createFrom().deferred(this::relayAll).subscribe().with(
                    sent -> {
                        began.stop(roundTime);
                        running.set(false);
                        if (sent > 0) {
                            LOG.debugf("Relayed %d outbox events", sent);
                        }
                        if (wokenWhileRunning.get()) {
                            relayOnTimer();
                        }
                    },
                    failure -> {
                        began.stop(roundTime);
                        running.set(false);
                        LOG.warnf("Outbox relay round failed: %s", failure.getMessage());
                    });
        });
    }

    /** Publishes batches until the outbox is empty (or another instance holds the relay); returns how many. */
    public Uni<Integer> relayAll() {
        return relayBatch().flatMap(sent -> sent < batchSize ? Uni.createFrom().item(sent)
                : relayAll().map(more -> sent + more));
    }

    /**
     * Publishes one batch of unsent events in order, in a transaction of its own; returns how many were published and
     * marked sent.
     */
    public Uni<Integer> relayBatch() {
        // Programmatic rather than @WithTransaction: relayAll calls it on this instance, past the interceptor.
        return Panache.withTransaction(() -> rows.tryRelayLock()
                .flatMap(locked -> locked ? publishUnsent() : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishUnsent() {
        return rows.oldestUnsent(batchSize)
                .flatMap(events -> events.isEmpty() ? Uni.createFrom().item(0) : sendInOrder(events));
    }

    private Uni<Integer> sendInOrder(List<OutboxEvent> events) {
        Context context = Vertx.currentContext();
        List<CompletableFuture<Boolean>> acks = new ArrayList<>(events.size());
        for (OutboxEvent event : events) {
            acks.add(send(event));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(sendTimeout).recoverWithItem((Void) null)
                // Acknowledgements complete on Kafka's threads; the session belongs to this context.
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .flatMap(ignored -> markSent(events, acknowledgedPrefix(acks)));
    }

    private CompletableFuture<Boolean> send(OutboxEvent event) {
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, event.eventId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(event.topic)
                .withKey(event.recordKey)
                .withHeaders(headers)
                .build();
        Message<Record<String, String>> message = Message.of(Record.of(event.recordKey, event.payload), Metadata.of(metadata),
                () -> {
                    ack.complete(true);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    LOG.warnf("Outbox event %s to %s not sent: %s", event.eventId, event.topic, failure.getMessage());
                    ack.complete(false);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            LOG.warnf("Outbox event %s not handed to Kafka: %s", event.eventId, e.getMessage());
            ack.complete(false);
        }
        return ack;
    }

    private static int acknowledgedPrefix(List<CompletableFuture<Boolean>> acks) {
        int prefix = 0;
        while (prefix < acks.size() && Boolean.TRUE.equals(acks.get(prefix).getNow(false))) {
            prefix++;
        }
        return prefix;
    }

    private Uni<Integer> markSent(List<OutboxEvent> events, int count) {
        if (count == 0) {
            return Uni.createFrom().item(0);
        }
        List<Long> ids = events.subList(0, count).stream().map(e -> e.id).toList();
        Instant now = Instant.now();
        events.subList(0, count).forEach(event -> delay.record(Duration.between(event.createdAt, now)));
        return rows.markSent(ids, now).replaceWith(count);
    }

    /** Deletes sent events and processed-event marks older than the retention. */
    @Scheduled(every = "${parley.outbox.purge-interval:10m}", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return rows.deleteExpired(now.minus(retention), now.minus(dedupeRetention))
                .onFailure().invoke(e -> LOG.warnf("Outbox purge failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * Stops relaying until {@link #resume()}; events written meanwhile wait in the outbox. Returns once a round that
     * was already running has ended (it blocks: never call it on an event loop).
     */
    public void pause() {
        paused.set(true);
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void resume() {
        paused.set(false);
    }
}

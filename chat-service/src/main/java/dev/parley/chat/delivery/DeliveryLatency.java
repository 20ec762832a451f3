package dev.parley.chat.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Send-to-delivery latency: from the moment a message was stored (its {@code storedAt}, when the send was accepted)
 * to the moment its frame was written to a recipient's open socket, on whichever instance holds that socket. One
 * sample per message frame written to at least one socket, labelled by the path it took: {@code local} (the storing
 * instance holds the socket) or {@code kafka} (through the instance's partition of chat-messages, which includes the
 * sweeper's re-sends). Its count per path is the number of messages delivered live.
 * <p>
 * The stored time comes from the storing instance's clock; a frame delivered on another instance is measured with
 * that instance's clock, so skew between hosts shows up here (a negative difference counts as zero).
 */
@ApplicationScoped
public class DeliveryLatency {

    static final String NAME = "parley.chat.delivery.latency";
    public static final String LOCAL = "local";
    public static final String KAFKA = "kafka";

    /** Buckets an operator can read an objective from (also published as part of the percentile histogram). */
    private static final Duration[] OBJECTIVES = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30) };

    private final Clock clock;
    private final Timer local;
    private final Timer kafka;

    DeliveryLatency(Clock clock, MeterRegistry metrics) {
        this.clock = clock;
        this.local = timer(LOCAL, metrics);
        this.kafka = timer(KAFKA, metrics);
    }

    private static Timer timer(String path, MeterRegistry metrics) {
        return Timer.builder(NAME).tag("path", path)
                .description("Time from a message's storing to its frame written to a recipient's socket")
                .publishPercentileHistogram()
                .serviceLevelObjectives(OBJECTIVES)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(metrics);
    }

    /** A message frame stored at {@code storedAt} was just written to a socket of this instance by {@code path}. */
    public void delivered(String path, Instant storedAt) {
        if (storedAt != null) {
            (KAFKA.equals(path) ? kafka : local).record(since(storedAt, clock.instant()));
        }
    }

    static Duration since(Instant storedAt, Instant now) {
        Duration waited = Duration.between(storedAt, now);
        return waited.isNegative() ? Duration.ZERO : waited;
    }

    /** The stored time a delivery record's header carries; null when absent or unreadable (a receipt, say). */
    public static Instant storedAt(byte[] header) {
        if (header == null) {
            return null;
        }
        try {
            return Instant.parse(new String(header, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static byte[] header(Instant storedAt) {
        return storedAt.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

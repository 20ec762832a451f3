package dev.parley.client.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MessageBodyTest {

    /** What JavaScript's toISOString() writes, as a pattern: the reference the fast path must match. */
    private static final DateTimeFormatter TO_ISO_STRING = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void sentAtIsWrittenAsToIsoStringWritesIt() {
        assertEquals("{\"sentAt\":\"2026-12-05T01:02:03.000Z\",\"text\":\"hi\"}",
                new String(new MessageBody("hi", Instant.parse("2026-12-05T01:02:03Z")).toCanonicalJson(),
                        StandardCharsets.UTF_8));
        assertEquals("{\"sentAt\":\"2026-12-05T01:02:03.040Z\",\"text\":\"hi\"}",
                new String(new MessageBody("hi", Instant.parse("2026-12-05T01:02:03.040999Z")).toCanonicalJson(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void theFastPathWritesWhatThePatternWrites() {
        for (String edge : new String[] { "0000-01-01T00:00:00Z", "0000-01-01T00:00:00.001Z", "1970-01-01T00:00:00Z",
                "0999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z", "-0001-12-31T23:59:59.500Z",
                "+10000-01-01T00:00:00Z", "2026-12-05T00:00:00.100Z" }) {
            Instant sentAt = Instant.parse(edge);
            assertEquals(TO_ISO_STRING.format(sentAt), MessageBody.isoMillis(sentAt), edge);
        }
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant sentAt = Instant.ofEpochMilli(random.nextLong(from, to + 1));
            if (i % 4 == 0) {
                sentAt = sentAt.truncatedTo(ChronoUnit.SECONDS);
            }
            assertEquals(TO_ISO_STRING.format(sentAt), MessageBody.isoMillis(sentAt), sentAt::toString);
        }
    }
}

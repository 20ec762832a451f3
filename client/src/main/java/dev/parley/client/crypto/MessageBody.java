package dev.parley.client.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a message says, encrypted as the canonical JSON {@code {"sentAt":"...","text":"..."}}.
 * {@code sentAt} is written in UTC with milliseconds, as JavaScript's {@code toISOString()}
 * writes it, so both clients encrypt the same bytes for the same body.
 *
 * @param sentAt kept to the millisecond, the precision the body carries
 */
public record MessageBody(String text, Instant sentAt) {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

    public MessageBody {
        Objects.requireNonNull(text, "text");
        sentAt = Objects.requireNonNull(sentAt, "sentAt").truncatedTo(ChronoUnit.MILLIS);
    }

    byte[] toCanonicalJson() {
        ObjectNode json = StrictJson.newObject();
        json.put("text", text);
        json.put("sentAt", isoMillis(sentAt));
        return CanonicalJson.serializeToUtf8(json);
    }

    /**
     * {@code sentAt} as {@code toISOString()} writes it. {@link Instant#toString()} writes the same for the years 0 to
     * 9999 but leaves out a fraction of zero; it is used there for being several times cheaper than the pattern.
     */
    static String isoMillis(Instant sentAt) {
        if (sentAt.isBefore(YEAR_0) || !sentAt.isBefore(YEAR_10000)) {
            return ISO_MILLIS.format(sentAt);
        }
        String iso = sentAt.toString(); // whole milliseconds: no fraction, or three digits
        return sentAt.getNano() == 0 ? iso.substring(0, iso.length() - 1) + ".000Z" : iso;
    }

    /**
     * Reads a body another client wrote. Fields other than {@code text} and {@code sentAt} are
     * ignored: the body is authenticated, and a later version may add some.
     *
     * @throws ProtocolFormatException if it is not a JSON object with a string {@code text} and
     *                                 an ISO-8601 instant {@code sentAt}
     */
    static MessageBody fromJson(byte[] utf8Json) {
        ObjectNode body = StrictJson.object(StrictJson.parse(Utf8.decode(utf8Json), "a message body"), "a message body");
        String sentAt = StrictJson.string(body, "sentAt", "a message body");
        try {
            return new MessageBody(StrictJson.string(body, "text", "a message body"), Instant.parse(sentAt));
        } catch (DateTimeParseException e) {
            throw new ProtocolFormatException("a message body's sentAt must be an ISO-8601 instant, got " + sentAt, e);
        }
    }
}

package dev.parley.chat.socket;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** Reads the text of a client's frame as a {@link ClientFrame}, strictly. */
final class ClientFrameReader {

    /** Where a group envelope's wraps are, keyed by member (PROTOCOL.md §7). */
    private static final String WRAPS = "/envelope/keys";

    private final ObjectReader reader;
    private final ObjectReader lenientReader;

    ClientFrameReader(ObjectMapper json) {
        // A frame with a key twice could mean one thing to the server and another to a client.
        this.reader = json.readerFor(ClientFrame.class).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.lenientReader = json.readerFor(ClientFrame.class);
    }

    /**
     * The frame, or null when the text is not exactly one JSON object (malformed, a key twice, an array, a string,
     * anything after the object: a frame is read whole or not at all, as the clients' strict readers do). One key twice
     * is told apart: a member named twice in a send's group envelope reads as {@link ClientFrame.WrapNamedTwice}, so
     * that the send is refused as the bad envelope it is, with its id.
     */
    ClientFrame read(String text) {
        try (JsonParser parser = reader.createParser(text)) {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                ClientFrame frame = reader.readValue(parser);
                return parser.nextToken() == null ? frame : null;
            } catch (IOException e) {
                return isWrapNamedTwice(e, parser.getParsingContext()) ? wrapNamedTwice(text) : null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether the strict reader stopped at a key named twice among a group envelope's wraps (the parser's failure, as
     * it is or as the cause of a mapping failure).
     */
    private static boolean isWrapNamedTwice(IOException failure, JsonStreamContext context) {
        boolean keyTwice = false;
        for (Throwable cause = failure; cause != null && !keyTwice; cause = cause.getCause()) {
            keyTwice = cause instanceof JsonProcessingException processing && processing.getOriginalMessage() != null
                    && processing.getOriginalMessage().startsWith("Duplicate field");
        }
        return keyTwice && context != null && context.inObject() && context.getParent() != null
                && WRAPS.equals(context.getParent().pathAsPointer().toString());
    }

    /**
     * The send whose envelope names a member twice, read once more without the check, for its id; else null. The
     * check is turned off on the parser itself: the service's mapper enables it for every parser it makes.
     */
    private ClientFrame wrapNamedTwice(String text) {
        try (JsonParser parser = lenientReader.createParser(text)) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return lenientReader.readValue(parser) instanceof ClientFrame.Send send
                    ? new ClientFrame.WrapNamedTwice(send.id()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
